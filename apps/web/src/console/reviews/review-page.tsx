import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { components } from '../../api/generated/hub-api';
import { useApi } from '../../api/use-api';
import { Loading } from '../../components/status';
import { useLanguage } from '../../i18n/i18n';
import { answerOf } from '../console-client';
import { ConsoleFrame, useSignedIn } from '../console-frame';
import { ConsoleEmpty, ConsoleProblem } from '../console-problem';
import { agreement, COMPARED_FIELDS, type Decided, type PersonFields, personName, shownValue, useReviewFormat } from './review-format';
import { splitPageOf } from '../sids/sid-changes-page';
import { Confirmation } from './confirmation';
import { Waterfall } from './waterfall';
import { DataTable } from '../../components/data-table';

type Review = components['schemas']['IdentityReview'];
type Candidate = Review['candidates'][number];
/** What the steward is about to decide, awaiting their confirmation. */
type Pending = { kind: 'accept'; sid: string } | { kind: 'reject' };

/** One identity review: the record beside each candidate's records, each candidate's match weights, and the steward's decision. */
export function ReviewPage() {
  const { t } = useLanguage();
  const { reviewId = '' } = useParams();
  return (
    <ConsoleFrame title={t('console.reviews.reviewTitle', { id: reviewId })} roles={['steward']}>
      <p>
        <Link className="usa-link" to="/console/reviews">
          {t('console.reviews.backToQueue')}
        </Link>
      </p>
      <ReviewLoader reviewId={reviewId} />
    </ConsoleFrame>
  );
}

function ReviewLoader({ reviewId }: { reviewId: string }) {
  const { client } = useSignedIn();
  const review = useApi(`review-${reviewId}`, async (signal) => answerOf(await client.GET('/identity/reviews/{id}', { params: { path: { id: reviewId } }, signal })));
  if (review.state === 'loading') return <Loading />;
  if (review.state === 'failed') return <ConsoleProblem error={review.error} />;
  return <ReviewDecision review={review.value} />;
}

function ReviewDecision({ review }: { review: Review }) {
  const { t } = useLanguage();
  const { client } = useSignedIn();
  const navigate = useNavigate();
  const [pending, setPending] = useState<Pending>();
  const [saving, setSaving] = useState(false);
  const [refused, setRefused] = useState<unknown>();
  const { sourceSystem, localId, provisionalSid } = review.record;

  const decide = async (decision: Pending) => {
    setSaving(true);
    setRefused(undefined);
    try {
      const id = String(review.id);
      const decided: Decided =
        decision.kind === 'accept'
          ? {
              status: 'accepted',
              sourceSystem,
              localId,
              sid: answerOf(await client.POST('/identity/reviews/{id}/accept', { params: { path: { id } }, body: { sid: decision.sid } })).survivor,
            }
          : { status: 'rejected', sourceSystem, localId, sid: answerOf(await client.POST('/identity/reviews/{id}/reject', { params: { path: { id } } })).sid };
      void navigate('/console/reviews', { state: { decided } });
    } catch (error) {
      setRefused(error);
      setPending(undefined);
    } finally {
      setSaving(false);
    }
  };
  const confirmation = (decision: Pending) => (
    <Confirmation
      text={
        decision.kind === 'accept'
          ? t('console.reviews.confirmAccept', { localId, sourceSystem, sid: decision.sid, provisionalSid })
          : t('console.reviews.confirmReject', { localId, sourceSystem, provisionalSid })
      }
      confirmLabel={t(decision.kind === 'accept' ? 'console.reviews.confirmAcceptButton' : 'console.reviews.confirmRejectButton')}
      saving={saving}
      onConfirm={() => void decide(decision)}
      onCancel={() => setPending(undefined)}
    />
  );
  const open = review.status === 'open';

  return (
    <>
      <RecordFacts review={review} />
      {refused !== undefined && <ConsoleProblem error={refused} />}
      {review.candidates.map((candidate) => (
        <section key={candidate.sid} className="margin-top-4" aria-labelledby={`candidate-${candidate.sid}`}>
          <CandidateEvidence review={review} candidate={candidate} />
          {open &&
            (pending?.kind === 'accept' && pending.sid === candidate.sid ? (
              confirmation(pending)
            ) : (
              <button type="button" className="usa-button" disabled={saving} onClick={() => setPending({ kind: 'accept', sid: candidate.sid })}>
                {t('console.reviews.accept', { sid: candidate.sid })}
              </button>
            ))}
        </section>
      ))}
      {open && (
        <div className="margin-top-4">
          {pending?.kind === 'reject' ? (
            confirmation(pending)
          ) : (
            <button type="button" className="usa-button usa-button--secondary" disabled={saving} onClick={() => setPending({ kind: 'reject' })}>
              {t('console.reviews.reject')}
            </button>
          )}
        </div>
      )}
    </>
  );
}

function RecordFacts({ review }: { review: Review }) {
  const { t } = useLanguage();
  const format = useReviewFormat();
  const { model } = review;
  return (
    <section aria-labelledby="record-under-review">
      <h2 id="record-under-review">{t('console.reviews.recordHeading')}</h2>
      {review.status !== 'open' && (
        <div className="usa-alert usa-alert--info usa-alert--slim">
          <div className="usa-alert__body">
            <p className="usa-alert__text">{t(`console.reviews.decided.${review.status}`, { by: review.decidedBy ?? '', at: review.decidedAt ? format.instant(review.decidedAt) : '' })}</p>
          </div>
        </div>
      )}
      <dl className="lantern-facts">
        <dt>{t('console.reviews.columns.record')}</dt>
        <dd>{personName(review.record.person) ?? t('console.reviews.unnamed')}</dd>
        <dt>{t('console.reviews.facts.source')}</dt>
        <dd>{review.record.sourceSystem}</dd>
        <dt>{t('console.reviews.facts.localId')}</dt>
        <dd>{review.record.localId}</dd>
        <dt>{t('console.reviews.facts.provisionalSid')}</dt>
        <dd>{review.record.provisionalSid}</dd>
        <dt>{t('console.reviews.facts.reason')}</dt>
        <dd>{format.reason(review.reason)}</dd>
        <dt>{t('console.reviews.facts.opened')}</dt>
        <dd>{format.instant(review.createdAt)}</dd>
        <dt>{t('console.reviews.facts.model')}</dt>
        <dd>
          {model.version === null
            ? t('console.reviews.facts.modelShipped', { modelId: model.modelId })
            : t('console.reviews.facts.modelVersion', { modelId: model.modelId, version: model.version })}
        </dd>
        <dt>{t('console.reviews.facts.thresholds')}</dt>
        <dd>
          {model.thresholds
            ? t('console.reviews.facts.thresholdsText', { link: format.bits(model.thresholds.link), review: format.bits(model.thresholds.review) })
            : t('console.reviews.facts.thresholdsUnknown')}
        </dd>
      </dl>
    </section>
  );
}

function CandidateEvidence({ review, candidate }: { review: Review; candidate: Candidate }) {
  const { t } = useLanguage();
  const format = useReviewFormat();
  return (
    <>
      <h2 id={`candidate-${candidate.sid}`}>{t('console.reviews.candidateHeading', { sid: candidate.sid })}</h2>
      {candidate.explanation && (
        <p>{t('console.reviews.candidateScore', { score: format.bits(candidate.explanation.score), probability: format.probability(candidate.explanation.probability) })}</p>
      )}
      <p>
        <Link className="usa-link" to={splitPageOf(candidate.sid)}>
          {t('console.reviews.openSid', { sid: candidate.sid })}
        </Link>
      </p>
      {candidate.records.length === 0 && <ConsoleEmpty message={t('console.reviews.noRecords')} />}
      {candidate.records.map((other) => (
        <SideBySide key={`${other.sourceSystem} ${other.localId}`} record={review.record.person} candidate={other} sid={candidate.sid} />
      ))}
      <h3>{t('console.reviews.weightsHeading', { sid: candidate.sid })}</h3>
      {candidate.explanation ? (
        <Waterfall sid={candidate.sid} explanation={candidate.explanation} thresholds={review.model.thresholds} />
      ) : (
        <ConsoleEmpty message={t('console.reviews.noEvidence')} />
      )}
    </>
  );
}

/** The record and one of the candidate's records, field by field, with whether they agree. */
function SideBySide({ record, candidate, sid }: { record: PersonFields; candidate: Candidate['records'][number]; sid: string }) {
  const { t } = useLanguage();
  const caption = t('console.reviews.comparisonCaption', { localId: candidate.localId, sourceSystem: candidate.sourceSystem, sid });
  const shown = (field: (typeof COMPARED_FIELDS)[number], person: PersonFields) => shownValue(field, person) ?? t('console.reviews.absent');
  return (
    <DataTable
      caption={caption}
      columns={[
        t('console.reviews.comparisonColumns.field'),
        t('console.reviews.comparisonColumns.record'),
        t('console.reviews.comparisonColumns.candidate'),
        t('console.reviews.comparisonColumns.verdict'),
      ]}
    >
      {COMPARED_FIELDS.map((field) => (
        <tr key={field}>
          <th scope="row">{t(`console.reviews.field.${field}`)}</th>
          <td>{shown(field, record)}</td>
          <td>{shown(field, candidate.person)}</td>
          <td>{t(`console.reviews.verdict.${agreement(field, record, candidate.person)}`)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
