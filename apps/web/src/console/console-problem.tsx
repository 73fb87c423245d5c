import { useLanguage } from '../i18n/i18n';
import { ConsoleApiError } from './console-client';

/**
 * What went wrong with a call, in words: the API's own explanation when it gave one, and the
 * problem's errorId to quote when reporting it (the API logged the same id).
 */
export function ConsoleProblem({ error }: { error: unknown }) {
  const { t } = useLanguage();
  const problem = error instanceof ConsoleApiError ? error.problem : undefined;
  return (
    <div className="usa-alert usa-alert--error usa-alert--slim" role="alert">
      <div className="usa-alert__body">
        <p className="usa-alert__text">{problem ? problem.detail : t('console.problem.unknown')}</p>
        {problem && <p className="usa-alert__text">{t('console.problem.reference', { errorId: problem.errorId })}</p>}
      </div>
    </div>
  );
}

/** A list with nothing in it, said in words rather than shown as an empty table. */
export function ConsoleEmpty({ message }: { message: string }) {
  return (
    <div className="usa-alert usa-alert--info usa-alert--slim">
      <div className="usa-alert__body">
        <p className="usa-alert__text">{message}</p>
      </div>
    </div>
  );
}
