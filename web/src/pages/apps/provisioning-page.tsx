import { useState } from 'react';
import { useApi } from '../../api/use-api.js';
import { navigate } from '../../router.js';
import { Button, ErrorNotice, Notice, PageHeader, SelectField, TextField } from '../../ui/index.js';
import { appApi } from './app-client.js';
import { AppFrame } from './app-frame.js';
import type { App } from './app-types.js';
import { CredentialsForm, type CredentialsValue } from './credentials-form.js';
import { MappingsSection } from './mappings-section.js';

const settingsOf = (v: CredentialsValue) => ({ notificationEmail: v.notificationEmail.trim() || null, notifyOnFailure: v.notifyOnFailure });

/** A new app from the gallery: nothing is saved until the credentials are in (and, if the admin likes, tested). */
export function NewAppPage({ template, query }: { template: string; query: URLSearchParams }) {
  const gallery = useApi(() => appApi.templates(), []);
  const t = gallery.data?.find((x) => x.id === template);
  const name = query.get('name') || t?.name || template;
  const tenant = query.get('tenant') ?? '';
  return (
    <>
      <PageHeader title={`${name}: Provisioning`} crumbs={[{ label: 'Apps', to: '/apps' }]} description={`A new app from the ${t?.name ?? template} template. Enter the credentials the app gave you, test them, and save.`} />
      <ErrorNotice error={gallery.error} />
      {!tenant ? <Notice tone="warning" title="No directory chosen">Add the app again from the gallery and choose its directory.</Notice> : null}
      <section className="card" aria-labelledby="credentials">
        <h2 id="credentials">Connection and notifications</h2>
        <CredentialsForm
          initial={{ targetUrl: '', token: '', notificationEmail: '', notifyOnFailure: false }}
          tokenSaved={false}
          onTest={(v) => appApi.testNew({ template, targetUrl: v.targetUrl, token: v.token })}
          onSave={async (v) => {
            const app = await appApi.create({ tenant, name, template, targetUrl: v.targetUrl, token: v.token, settings: settingsOf(v) });
            navigate(`/apps/${app.id}/provisioning`);
          }}
        />
      </section>
    </>
  );
}

/** Settings: who is in scope, the accidental-deletion threshold, and Provisioning Status On/Off (On starts the first cycle at once). */
function SettingsSection({ app, onSaved }: { app: App; onSaved: () => void }) {
  const [scope, setScope] = useState(app.settings.scope);
  const [threshold, setThreshold] = useState(String(app.settings.deletionThreshold));
  const [status, setStatus] = useState(app.status);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  return (
    <form
      className="form"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(undefined);
        setSaved(false);
        try {
          const deletionThreshold = Number(threshold);
          if (scope !== app.settings.scope || deletionThreshold !== app.settings.deletionThreshold) await appApi.update(app.id, { settings: { scope, deletionThreshold } });
          if (status !== app.status) await (status === 'on' ? appApi.start(app.id) : appApi.stop(app.id));
          setSaved(true);
          onSaved();
        } catch (err) {
          setError(err);
        } finally {
          setBusy(false);
        }
      }}
    >
      <SelectField label="Scope" value={scope} onChange={(e) => setScope(e.target.value as App['settings']['scope'])} hint="A change re-evaluates every user and group at the next cycle.">
        <option value="assigned">Sync only assigned users and groups</option>
        <option value="all">Sync all users and groups</option>
      </SelectField>
      <TextField
        label="Accidental deletion threshold"
        type="number"
        min={0}
        step={1}
        required
        value={threshold}
        onChange={(e) => setThreshold(e.target.value)}
        hint="A cycle that would disable or delete more users and groups than this holds them for your approval in Synchronization details; 0 turns the guard off."
      />
      <fieldset className="fieldset">
        <legend>Provisioning Status</legend>
        <div className="segmented">
          {(['on', 'off'] as const).map((s) => (
            <label key={s} className={status === s ? 'is-selected' : undefined}>
              <input type="radio" name="provisioning-status" value={s} checked={status === s} onChange={() => setStatus(s)} />
              {s === 'on' ? 'On' : 'Off'}
            </label>
          ))}
        </div>
        <p className="field-hint">On: a cycle starts now, then every {app.settings.intervalMinutes} minutes and within seconds of a change in the directory.</p>
      </fieldset>
      <ErrorNotice error={error} />
      <div className="form-actions form-actions-start">
        <Button variant="primary" type="submit" busy={busy}>
          Save
        </Button>
        {saved ? (
          <span role="status" className="saved-note">
            Saved.
          </span>
        ) : null}
      </div>
    </form>
  );
}

/** An app's Provisioning page, in the seeds' order: credentials and notification, mappings with scoping filters, settings. */
export function ProvisioningPage({ appId }: { appId: string }) {
  return (
    <AppFrame appId={appId} tab="provisioning">
      {(app, reload) => (
        <>
          <section className="card" aria-labelledby="credentials">
            <h2 id="credentials">Connection and notifications</h2>
            <CredentialsForm
              key={app.updatedAt}
              initial={{ targetUrl: app.targetUrl, token: '', notificationEmail: app.settings.notificationEmail ?? '', notifyOnFailure: app.settings.notifyOnFailure }}
              tokenSaved
              onTest={(v) => appApi.test(app.id, { targetUrl: v.targetUrl, ...(v.token.trim() ? { token: v.token } : {}) })}
              onSave={async (v) => {
                await appApi.update(app.id, { targetUrl: v.targetUrl, ...(v.token.trim() ? { token: v.token } : {}), settings: settingsOf(v) });
              }}
            />
          </section>
          <MappingsSection app={app} onSaved={reload} />
          <section className="card" aria-labelledby="settings">
            <h2 id="settings">Settings</h2>
            <SettingsSection app={app} onSaved={reload} />
          </section>
        </>
      )}
    </AppFrame>
  );
}
