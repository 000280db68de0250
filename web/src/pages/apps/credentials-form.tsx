import { useState } from 'react';
import { Button, CheckboxField, ErrorNotice, Notice, SelectField, TextField } from '../../ui/index.js';
import type { TestResult } from './app-types.js';

/** What the credentials form edits: Entra's Admin Credentials and notification settings. */
export interface CredentialsValue {
  targetUrl: string;
  token: string;
  notificationEmail: string;
  notifyOnFailure: boolean;
}

/** Test Connection's answer in plain words: success, or the reason, the status and what the target said. */
export function TestResultNotice({ result }: { result: TestResult }) {
  if (result.ok) {
    return (
      <Notice tone="success" title="Test Connection succeeded">
        <p>The target answered a SCIM lookup with 200 in {result.durationMs} ms: the Tenant URL and Secret Token work.</p>
      </Notice>
    );
  }
  return (
    <Notice tone="error" title="Test Connection failed">
      <p>{result.reason}</p>
      <p>Status: {result.status ?? 'no answer'}</p>
      {result.bodyExcerpt ? (
        <>
          <p>The target answered:</p>
          <pre className="excerpt">{result.bodyExcerpt}</pre>
        </>
      ) : null}
      <p className="next-step">Check the Tenant URL and copy the Secret Token again from the app&apos;s SCIM settings, then test again.</p>
    </Notice>
  );
}

/**
 * The top of the Provisioning page, in the seeds' order: Provisioning Mode, Admin Credentials (Tenant URL,
 * Secret Token, Test Connection), Notification Email with its checkbox, Save.
 */
export function CredentialsForm({ initial, tokenSaved, onTest, onSave, saveLabel = 'Save' }: { initial: CredentialsValue; tokenSaved: boolean; onTest(v: CredentialsValue): Promise<TestResult>; onSave(v: CredentialsValue): Promise<void>; saveLabel?: string }) {
  const [v, setV] = useState(initial);
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<TestResult>();
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>();
  const set = (patch: Partial<CredentialsValue>) => {
    setV({ ...v, ...patch });
    setSaved(false);
  };
  const test = async () => {
    setTesting(true);
    setResult(undefined);
    setError(undefined);
    try {
      setResult(await onTest(v));
    } catch (err) {
      setError(err);
    } finally {
      setTesting(false);
    }
  };
  return (
    <form
      className="form"
      onSubmit={async (e) => {
        e.preventDefault();
        setSaving(true);
        setError(undefined);
        try {
          await onSave(v);
          setSaved(true);
        } catch (err) {
          setError(err);
        } finally {
          setSaving(false);
        }
      }}
    >
      <SelectField label="Provisioning Mode" hint="scimkit keeps the app in step by itself, within seconds of a change." value="automatic" onChange={() => undefined}>
        <option value="automatic">Automatic</option>
      </SelectField>
      <fieldset className="fieldset">
        <legend>Admin Credentials</legend>
        <TextField label="Tenant URL" type="url" placeholder="https://api.example.com/scim" value={v.targetUrl} onChange={(e) => set({ targetUrl: e.target.value })} required hint="The app's SCIM base URL, the one /Users and /Groups are under." autoComplete="off" />
        <TextField
          label="Secret Token"
          type="password"
          value={v.token}
          onChange={(e) => set({ token: e.target.value })}
          required={!tokenSaved}
          autoComplete="off"
          hint={tokenSaved ? 'A token is saved (it is never shown). Leave this empty to keep it, or paste a new one.' : "The bearer token the app's SCIM settings showed you."}
        />
        <div>
          <Button onClick={test} busy={testing} disabled={!v.targetUrl.trim() || (!tokenSaved && !v.token.trim())}>
            Test Connection
          </Button>
        </div>
        <div aria-live="polite">{result ? <TestResultNotice result={result} /> : null}</div>
      </fieldset>
      <TextField label="Notification Email" type="email" value={v.notificationEmail} onChange={(e) => set({ notificationEmail: e.target.value })} hint="Who hears about quarantine and deletions held for approval." autoComplete="email" />
      <CheckboxField label="Send an email notification when a failure occurs" checked={v.notifyOnFailure} onChange={(e) => set({ notifyOnFailure: e.target.checked })} />
      <ErrorNotice error={error} title="That did not work" />
      <div className="form-actions form-actions-start">
        <Button variant="primary" type="submit" busy={saving}>
          {saveLabel}
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
