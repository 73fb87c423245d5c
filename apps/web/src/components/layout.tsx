import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { chooseLanguage, useLanguage } from '../i18n/i18n';
import type { Language } from '../i18n/messages';
import { isConsolePage } from './page-heading';

/**
 * The frame of every page: skip link, header with staff sign-in and the language switch, main
 * landmark, footer. The console's pages say whose they are: staff work there with children's records.
 */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useLanguage();
  const other = t('language.switchToCode') as Language;
  const inConsole = isConsolePage(useLocation().pathname);
  return (
    <>
      <a className="usa-skipnav" href="#main-content">
        {t('site.skipToContent')}
      </a>
      <header className="usa-header usa-header--basic lantern-header">
        <div className="usa-nav-container lantern-header__bar">
          <div className="usa-logo">
            <em className="usa-logo__text">
              {inConsole ? (
                <Link to="/console">{t('site.consoleTitle')}</Link>
              ) : (
                <Link to="/" title={t('site.home')}>
                  {t('site.title')}
                </Link>
              )}
            </em>
          </div>
          <div className="lantern-header__actions">
            {inConsole ? (
              <Link className="usa-link lantern-staff" to="/">
                {t('site.publicPages')}
              </Link>
            ) : (
              <Link className="usa-link lantern-staff" to="/console">
                {t('console.staffSignIn')}
              </Link>
            )}
            {/* Named in its own language, so it reads right whichever language the page is in (WCAG 3.1.2). */}
            <button type="button" className="usa-button usa-button--outline lantern-language" lang={other} onClick={() => chooseLanguage(other)}>
              {t('language.switchTo')}
            </button>
          </div>
        </div>
      </header>
      <main id="main-content" className="grid-container usa-section" tabIndex={-1}>
        {children}
      </main>
      <footer className="usa-footer usa-footer--slim">
        <div className="grid-container usa-footer__primary-section padding-y-2">
          <p>{t(inConsole ? 'site.consoleFooter' : 'site.footer')}</p>
        </div>
      </footer>
    </>
  );
}
