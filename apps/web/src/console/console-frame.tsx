import { createContext, type ReactNode, useContext, useEffect, useMemo } from 'react';
import { NavLink, useLocation } from 'react-router';
import { type ConsoleRole, type ConsoleSession, getConsoleSession, signInUrl } from '../api/console-api';
import { ApiError } from '../api/public-api';
import { useApi } from '../api/use-api';
import { PageHeading } from '../components/page-heading';
import { LoadFailed, Loading } from '../components/status';
import { useLanguage } from '../i18n/i18n';
import { type ConsoleClient, createConsoleClient } from './console-client';
import { consolePagesFor } from './console-pages';

interface SignedIn {
  readonly session: ConsoleSession;
  /** The API, with this session's CSRF token on every call. */
  readonly client: ConsoleClient;
}

const SignedInContext = createContext<SignedIn | undefined>(undefined);

/** The signed-in person and their API client, inside a ConsoleFrame. */
export function useSignedIn(): SignedIn {
  const signedIn = useContext(SignedInContext);
  if (!signedIn) throw new Error('useSignedIn is for pages inside a ConsoleFrame');
  return signedIn;
}

/**
 * A console page's frame: the signed-in person (a visit without a session goes to sign-in and
 * comes back here), the navigation of their role's pages, and the page's heading. A person whose
 * role the page is not for is told so; the API refuses them the data in any case.
 */
export function ConsoleFrame({ title, roles, children }: { title: string; roles: readonly ConsoleRole[]; children: ReactNode }) {
  const { t } = useLanguage();
  const location = useLocation();
  const session = useApi('session', getConsoleSession);
  const nobody = session.state === 'failed' && session.error instanceof ApiError && session.error.status === 401;
  useEffect(() => {
    if (nobody) window.location.assign(signInUrl(`${location.pathname}${location.search}`));
  }, [nobody, location.pathname, location.search]);
  const csrfToken = session.state === 'loaded' ? session.value.csrfToken : undefined;
  const client = useMemo(() => createConsoleClient(csrfToken), [csrfToken]);
  if (session.state === 'loading' || nobody) return <Loading />;
  if (session.state === 'failed') {
    return <LoadFailed error={session.error} notFound={{ title: t('console.offTitle'), body: t('console.offBody') }} />;
  }
  const allowed = roles.includes(session.value.role);
  return (
    <SignedInContext.Provider value={{ session: session.value, client }}>
      <div className="grid-row grid-gap-lg">
        <ConsoleNavigation role={session.value.role} />
        <div className="tablet:grid-col-9 lantern-console__page">
          <PageHeading title={title} />
          {allowed ? (
            children
          ) : (
            <div className="usa-alert usa-alert--warning" role="alert">
              <div className="usa-alert__body">
                <p className="usa-alert__text">{t('console.notForRole', { role: t(`console.roles.${session.value.role}`) })}</p>
              </div>
            </div>
          )}
        </div>
      </div>
    </SignedInContext.Provider>
  );
}

function ConsoleNavigation({ role }: { role: ConsoleRole }) {
  const { t } = useLanguage();
  return (
    <nav className="tablet:grid-col-3 lantern-console__nav" aria-label={t('console.nav.label')}>
      <ul className="usa-sidenav">
        {consolePagesFor(role).map((page) => (
          <li key={page.path} className="usa-sidenav__item">
            {/* NavLink marks the current page with aria-current="page"; USWDS styles it through the class. */}
            <NavLink to={page.path} end className={({ isActive }) => (isActive ? 'usa-current' : undefined)}>
              {t(page.name)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
