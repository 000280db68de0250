// The frame of every signed-in page: the sidebar (brand, navigation, who is signed in, sign-out) and the main
// area, which renders the page the registry in routes.tsx matches.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { HOME, NAV, PAGES } from './routes.js';
import { Link, matchPath, splitPath, usePath } from './router.js';
import { useSession } from './session.js';
import { Button, Notice, PageHeader } from './ui/index.js';

function NotFound({ path }: { path: string }) {
  return (
    <>
      <PageHeader title="Page not found" />
      <Notice tone="warning" title={`Nothing lives at ${path}`}>
        <p>
          The link may be old. Go to <Link to={HOME}>the tenants</Link> or pick a page in the sidebar.
        </p>
      </Notice>
    </>
  );
}

/** The signed-in console. */
export function Shell() {
  const path = usePath();
  const { state, signOut } = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  const main = useRef<HTMLElement>(null);
  const { pathname, query } = splitPath(path);

  useEffect(() => {
    if (pathname === '/' || pathname === '') window.location.replace(`#${HOME}`);
  }, [pathname]);
  let page: { render: () => ReactNode; title: string } | undefined;
  for (const r of PAGES) {
    const params = matchPath(r.path, pathname);
    if (params) {
      page = { render: () => r.render(params, query), title: typeof r.title === 'string' ? r.title : r.title(params) };
      break;
    }
  }
  const title = page?.title ?? 'Page not found';

  // A new page: its title in the tab, the menu closed, and focus on its heading so screen readers announce it.
  // A new page: its title in the tab and announced to screen readers (a polite live region), the menu closed.
  // Focus stays where the user put it (a tab, a link that is still there); when what had it is gone, it goes
  // to the page's heading once the page has one, else to the main area.
  const [announced, setAnnounced] = useState('');
  useEffect(() => {
    document.title = `${title} · scimkit`;
    setAnnounced(title);
    setMenuOpen(false);
    let tries = 0;
    const place = () => {
      const active = document.activeElement;
      if (active && active !== document.body && active.isConnected) return;
      const h = main.current?.querySelector<HTMLElement>('h1');
      if (h) h.focus({ preventScroll: true });
      else if (++tries < 20) timer = setTimeout(place, 100);
      else main.current?.focus({ preventScroll: true });
    };
    let timer = setTimeout(place, 0);
    return () => clearTimeout(timer);
  }, [pathname, title]);

  const isActive = (to: string, active?: string[]) => (active ?? [to]).some((p) => pathname === p || pathname.startsWith(`${p}/`));
  const account = state.status === 'signedIn' ? state.account : undefined;

  return (
    <div className="layout">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); main.current?.focus(); }}>
        Skip to content
      </a>
      <aside className={`sidebar${menuOpen ? ' is-open' : ''}`}>
        <div className="sidebar-top">
          <Link to={HOME} className="brand">
            <span className="brand-mark" aria-hidden="true" />
            <span>scimkit</span>
          </Link>
          <button type="button" className="menu-toggle" aria-expanded={menuOpen} aria-controls="sidebar-nav" onClick={() => setMenuOpen((o) => !o)}>
            Menu
          </button>
        </div>
        <nav id="sidebar-nav" aria-label="Console" className="sidebar-nav">
          <ul>
            {NAV.map((n) => (
              <li key={n.to}>
                <Link to={n.to} aria-current={isActive(n.to, n.active) ? 'page' : undefined}>
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar-foot">
          {account && (
            <p className="signed-in-as">
              Signed in as <strong>{account.username}</strong>
            </p>
          )}
          <Button variant="ghost" className="btn-on-dark" onClick={() => void signOut()}>
            Sign out
          </Button>
        </div>
      </aside>
      <p className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announced}
      </p>
      <main id="main" ref={main} tabIndex={-1} className="main">
        {page ? page.render() : <NotFound path={pathname} />}
      </main>
    </div>
  );
}
