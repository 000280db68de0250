// The console's root: the session decides between first-run set-up, sign-in and the shell.
import { SignInPage } from './pages/sign-in-page.js';
import { SessionProvider, useSession } from './session.js';
import { Shell } from './shell.js';
import { Button, ErrorNotice } from './ui/index.js';

function Gate() {
  const { state, retry } = useSession();
  switch (state.status) {
    case 'loading':
      return (
        <main className="auth-page" aria-busy="true">
          <p className="muted">Loading the console…</p>
        </main>
      );
    case 'unreachable':
      return (
        <main className="auth-page">
          <div className="auth-card">
            <h1>The console cannot reach scimkit</h1>
            <ErrorNotice error={state.error} title="No answer from the admin API" />
            <Button variant="primary" onClick={retry}>
              Try again
            </Button>
          </div>
        </main>
      );
    case 'setup':
      return <SignInPage mode="setup" />;
    case 'signedOut':
      return <SignInPage mode="signIn" reason={state.reason} />;
    case 'signedIn':
      return <Shell />;
  }
}

/** The whole console. */
export function App() {
  return (
    <SessionProvider>
      <Gate />
    </SessionProvider>
  );
}
