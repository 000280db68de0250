import { useState, type FormEvent } from 'react';
import { api, seg } from '../../api/client.js';
import type { TokenInfo } from '../../api/types.js';
import { useApi } from '../../api/use-api.js';
import { Button, ConfirmDialog, CopyButton, DataTable, ErrorNotice, Modal, Notice, SelectField, TextField, formatAgo, formatTime } from '../../ui/index.js';
import { useTenant } from './tenant-frame.js';

function tokenState(t: TokenInfo): { label: string; tone: string } {
  if (t.revokedAt) return { label: 'Revoked', tone: 'badge-danger' };
  if (t.expiresAt && Date.parse(t.expiresAt) <= Date.now()) return { label: 'Expired', tone: 'badge-warning' };
  return { label: 'Active', tone: 'badge-success' };
}

/** The app side of SCIM for a tenant: its Tenant URL, Secret Tokens (generated and shown once, listed with last use, revoked). */
export function TenantScimPage() {
  const tenant = useTenant();
  const base = `/tenants/${seg(tenant.id)}/tokens`;
  const tokens = useApi((signal) => api.get<{ tokens: TokenInfo[] }>(base, undefined, signal), [base]);
  const [generating, setGenerating] = useState(false);
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [secret, setSecret] = useState<{ token: TokenInfo; secret: string }>();
  const [revoking, setRevoking] = useState<TokenInfo>();
  const [revokeError, setRevokeError] = useState<unknown>();
  const [revoked, setRevoked] = useState<string>();

  const live = (tokens.data?.tokens ?? []).filter((t) => tokenState(t).label === 'Active');
  const enabled = live.length > 0;

  const generate = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.post<{ token: TokenInfo; secret: string }>(base, { ...(name.trim() ? { name: name.trim() } : {}), ...(expires ? { expiresInDays: Number(expires) } : {}) });
      setSecret({ token: r.token, secret: r.secret });
      setGenerating(false);
      setName('');
      setExpires('');
      tokens.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async () => {
    if (!revoking) return;
    setBusy(true);
    setRevokeError(undefined);
    try {
      await api.delete(`${base}/${seg(revoking.id)}`);
      setRevoked(revoking.name || revoking.id);
      setRevoking(undefined);
      tokens.reload();
    } catch (err) {
      setRevokeError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <section className="card" aria-labelledby="scim-status">
        <div className="page-header-row">
          <h2 id="scim-status">SCIM provisioning</h2>
          <span className={`badge ${enabled ? 'badge-success' : ''}`}>{tokens.loading && !tokens.data ? 'Checking…' : enabled ? 'Active' : 'Not active'}</span>
        </div>
        <p className="muted">
          {enabled
            ? 'Identity providers holding an active Secret Token can create, update and remove this tenant’s users and groups at the Tenant URL below.'
            : 'To let an identity provider (Microsoft Entra ID, Okta, another scimkit) provision users here, activate SCIM: generate a Secret Token and give it, with the Tenant URL, to that provider’s admin.'}
        </p>
        <dl className="kv">
          <dt>Tenant URL</dt>
          <dd>
            <span className="url-cell">
              <code data-testid="tenant-url">{tenant.scimUrl}</code>
              <CopyButton text={tenant.scimUrl} what="Tenant URL" />
            </span>
          </dd>
        </dl>
        <Button variant="primary" onClick={() => setGenerating(true)}>
          {enabled ? 'Generate another Secret Token' : 'Activate SCIM: generate a Secret Token'}
        </Button>
      </section>

      {secret && (
        <section className="card" aria-labelledby="new-token">
          <h2 id="new-token">Secret Token {secret.token.name ? `“${secret.token.name}”` : ''}</h2>
          <Notice tone="warning" title="Copy the token now: it is shown only this once">
            <p>Paste it into the identity provider’s Secret Token field. If it is lost, generate a new one and revoke this one.</p>
          </Notice>
          <div className="secret">
            <code data-testid="new-secret">{secret.secret}</code>
            <CopyButton text={secret.secret} what="Secret Token" />
          </div>
          <div className="form-actions">
            <Button onClick={() => setSecret(undefined)}>I have copied it: hide the token</Button>
          </div>
        </section>
      )}

      <section aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">Secret Tokens</h2>
        {revoked && (
          <Notice tone="success" onDismiss={() => setRevoked(undefined)}>
            Token {revoked} is revoked: requests with it are refused from now on.
          </Notice>
        )}
        <ErrorNotice error={tokens.error} title="The tokens could not be loaded" />
        <DataTable
          caption="Secret Tokens"
          busy={tokens.loading}
          rows={tokens.data?.tokens ?? []}
          rowKey={(t) => t.id}
          empty={tokens.loading ? 'Loading…' : 'No tokens yet.'}
          columns={[
            { header: 'Name', cell: (t) => t.name || <span className="muted">(unnamed)</span> },
            { header: 'Id', cell: (t) => <code>{t.id}</code> },
            { header: 'State', cell: (t) => <span className={`badge ${tokenState(t).tone}`}>{tokenState(t).label}</span> },
            { header: 'Created', cell: (t) => formatTime(t.createdAt) },
            { header: 'Last used', cell: (t) => <span title={t.lastUsedAt ?? undefined}>{formatAgo(t.lastUsedAt)}</span> },
            { header: 'Expires', cell: (t) => (t.expiresAt ? formatTime(t.expiresAt) : 'never') },
            {
              header: <span className="visually-hidden">Actions</span>,
              className: 'cell-actions',
              cell: (t) =>
                t.revokedAt ? null : (
                  <Button variant="ghost" className="btn-small" onClick={() => setRevoking(t)} aria-label={`Revoke token ${t.name || t.id}`}>
                    Revoke
                  </Button>
                ),
            },
          ]}
        />
      </section>

      <Modal open={generating} title="Generate a Secret Token" onClose={() => setGenerating(false)}>
        <form className="form" onSubmit={generate}>
          <ErrorNotice error={error} title="No token was generated" />
          <TextField label="Name (optional)" hint="Who will use it, e.g. “entra” — shown in the token list and the activity log." maxLength={200} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          <SelectField label="Expires" value={expires} onChange={(e) => setExpires(e.target.value)}>
            <option value="">Never</option>
            <option value="30">In 30 days</option>
            <option value="90">In 90 days</option>
            <option value="365">In a year</option>
          </SelectField>
          <div className="form-actions">
            <Button onClick={() => setGenerating(false)}>Cancel</Button>
            <Button type="submit" variant="primary" busy={busy}>
              Generate token
            </Button>
          </div>
        </form>
      </Modal>

      <ConfirmDialog open={!!revoking} title="Revoke this token?" confirmLabel="Revoke token" busy={busy} onConfirm={revoke} onCancel={() => setRevoking(undefined)}>
        <ErrorNotice error={revokeError} title="The token was not revoked" />
        <p>
          Every identity provider using <strong>{revoking?.name || revoking?.id}</strong> is refused (401) from now on, and provisioning from it stops until it gets a new token.
        </p>
      </ConfirmDialog>
    </>
  );
}
