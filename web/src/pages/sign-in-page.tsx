import { useState, type FormEvent } from 'react';
import { useSession } from '../session.js';
import { Button, ErrorNotice, Notice, TextField } from '../ui/index.js';

const MIN_PASSWORD = 12;

/** Sign-in, or on the very first run the creation of the first admin account. */
export function SignInPage({ mode, reason }: { mode: 'signIn' | 'setup'; reason?: string }) {
  const session = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const setup = mode === 'setup';
  const mismatch = setup && confirm !== '' && confirm !== password;
  const short = setup && password !== '' && password.length < MIN_PASSWORD;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (setup && (password !== confirm || password.length < MIN_PASSWORD)) return;
    setBusy(true);
    setError(undefined);
    try {
      await (setup ? session.setup(username.trim(), password) : session.signIn(username.trim(), password));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          <span>scimkit</span>
        </div>
        <h1>{setup ? 'Create the first admin' : 'Sign in to the console'}</h1>
        <p className="muted">{setup ? 'This scimkit has no admin account yet. The account you create here can create others.' : 'Manage tenants, SCIM tokens, directory users and groups, and provisioning to apps.'}</p>
        {reason && !error && <Notice tone="info">{reason}</Notice>}
        <ErrorNotice error={error} title={setup ? 'The account was not created' : 'You are not signed in'} />
        <form onSubmit={submit} className="form" noValidate={false}>
          <TextField label="Username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete={setup ? 'new-password' : 'current-password'}
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            hint={setup ? `At least ${MIN_PASSWORD} characters.` : undefined}
            error={short ? `Use at least ${MIN_PASSWORD} characters.` : undefined}
          />
          {setup && <TextField label="Repeat the password" name="confirm" type="password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} error={mismatch ? 'The two passwords differ: type the same password twice.' : undefined} />}
          <Button type="submit" variant="primary" busy={busy} className="btn-block">
            {setup ? 'Create admin and sign in' : 'Sign in'}
          </Button>
        </form>
        {!setup && <p className="muted small">Forgot the password? Another admin can create a new account, or run <code>scimkit admin create</code> on the server.</p>}
      </div>
    </main>
  );
}
