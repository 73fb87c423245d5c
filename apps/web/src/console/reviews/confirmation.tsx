import { useEffect, useRef } from 'react';
import { useLanguage } from '../../i18n/i18n';

/** Asks before a decision that changes who a child is; focus moves to the question so a screen reader reads it. */
export function Confirmation({ text, confirmLabel, saving, onConfirm, onCancel }: { text: string; confirmLabel: string; saving: boolean; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useLanguage();
  const question = useRef<HTMLParagraphElement>(null);
  useEffect(() => question.current?.focus(), []);
  return (
    <div className="usa-alert usa-alert--warning">
      <div className="usa-alert__body">
        <p className="usa-alert__text" tabIndex={-1} ref={question}>
          {text}
        </p>
        {saving && (
          <p className="usa-alert__text" role="status">
            {t('console.reviews.working')}
          </p>
        )}
        <div className="margin-top-1">
          <button type="button" className="usa-button" disabled={saving} onClick={onConfirm}>
            {confirmLabel}
          </button>
          <button type="button" className="usa-button usa-button--unstyled margin-left-2" disabled={saving} onClick={onCancel}>
            {t('console.reviews.cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}
