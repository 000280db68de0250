import { useState } from 'react';
import { api } from '../../api/client.js';
import type { Account } from '../../api/types.js';
import { useAction } from '../../api/use-action.js';
import { useApi } from '../../api/use-api.js';
import { Button, DataTable, ErrorNotice, FormModal, Notice, PageHeader, TextField, formatTime } from '../../ui/index.js';

const MIN_PASSWORD = 12;

/** The console's admin accounts, and a way to add one (each admin signs in with their own name). */
export function AdminsPage() {
  const accounts = useApi((signal) => api.get<{ accounts: Account[] }>('/accounts', undefined, signal), []);
  const [open, setOpen] = useState(false);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [created, setCreated] = useState<string>();
  const short = password !== '' && password.length < MIN_PASSWORD;
  const mismatch = confirm !== '' && confirm !== password;

  const create = useAction(async () => {
    const r = await api.post<{ account: Account }>('/accounts', { username: username.trim(), password });
    setCreated(r.account.username);
    close();
    accounts.reload();
  });
  const close = () => {
    setOpen(false);
    setUsername('');
    setPassword('');
    setConfirm('');
    create.clearError();
  };

  return (
    <>
      <PageHeader
        title="Admins"
        description="Everyone who can sign in to this console. Each admin has their own name, shown in the activity log beside what they changed."
        actions={
          <Button variant="primary" onClick={() => setOpen(true)}>
            New admin
          </Button>
        }
      />
      {created && (
        <Notice tone="success" title={`Admin ${created} created`} onDismiss={() => setCreated(undefined)}>
          <p>Give them the console’s address and their password by a safe channel; they sign in with the name {created}.</p>
        </Notice>
      )}
      <ErrorNotice error={accounts.error} title="The admins could not be loaded" />
      <DataTable
        caption="Admin accounts"
        busy={accounts.loading}
        rows={accounts.data?.accounts ?? []}
        rowKey={(a) => a.id}
        empty={accounts.loading ? 'Loading…' : 'No admins.'}
        columns={[
          { header: 'User name', cell: (a) => a.username },
          { header: 'Created', cell: (a) => formatTime(a.createdAt) },
          { header: 'Last sign-in', cell: (a) => formatTime(a.lastSignInAt) },
        ]}
      />
      <FormModal open={open} title="New admin" onClose={close} onSubmit={() => void create.run()} error={create.error} errorTitle="The admin was not created" busy={create.busy} canSubmit={!!username.trim() && !short && !!password && password === confirm} submitLabel="Create admin">
        <TextField label="User name" required autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
        <TextField label="Password" type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} hint={`At least ${MIN_PASSWORD} characters.`} error={short ? `Use at least ${MIN_PASSWORD} characters.` : undefined} />
        <TextField label="Repeat the password" type="password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} error={mismatch ? 'The two passwords differ: type the same password twice.' : undefined} />
      </FormModal>
    </>
  );
}
