import type { components } from '../../api/generated/hub-api';
import { useLanguage } from '../../i18n/i18n';
import { useReviewFormat } from './review-format';
import { DataTable } from '../../components/data-table';

type Explanation = NonNullable<components['schemas']['IdentityReview']['candidates'][number]['explanation']>;
type Thresholds = components['schemas']['IdentityReview']['model']['thresholds'];

const ROW = 26;
const HEADER = 44;
const LABEL_WIDTH = 230;
const BAR_AREA = 330;
const VALUE_WIDTH = 80;
// Colours with at least 3:1 contrast on white (WCAG 1.4.11); the sign is in the numbers too.
const FOR_SAME = '#00702c';
const AGAINST = '#b50909';
const SCORE = '#005ea2';

/**
 * A candidate's match weights as a waterfall, then the same numbers as a table: each comparison
 * moves the running total from the prior to the score; the thresholds say where the model links
 * and where it asks for a review. The chart's role="img" label is its short text alternative.
 */
export function Waterfall({ sid, explanation, thresholds }: { sid: string; explanation: Explanation; thresholds: Thresholds }) {
  const { t } = useLanguage();
  const format = useReviewFormat();
  const prior = explanation.steps[0]?.weight ?? 0;
  const alt = thresholds
    ? t('console.reviews.chartAltThresholds', {
        sid,
        prior: format.bits(prior),
        score: format.bits(explanation.score),
        link: format.bits(thresholds.link),
        review: format.bits(thresholds.review),
      })
    : t('console.reviews.chartAlt', { sid, prior: format.bits(prior), score: format.bits(explanation.score) });
  const caption = t('console.reviews.weightsCaption', { sid });
  return (
    <figure className="lantern-figure">
      <WaterfallChart alt={alt} explanation={explanation} thresholds={thresholds} />
      <DataTable
        caption={caption}
        columns={[t('console.reviews.weightColumns.step'), t('console.reviews.weightColumns.level'), t('console.reviews.weightColumns.weight'), t('console.reviews.weightColumns.total')]}
        footer={
          <>
            <tr>
              <th scope="row" colSpan={3}>
                {t('console.reviews.scoreRow')}
              </th>
              <td>{format.bits(explanation.score)}</td>
            </tr>
            <tr>
              <th scope="row" colSpan={3}>
                {t('console.reviews.probabilityRow')}
              </th>
              <td>{format.probability(explanation.probability)}</td>
            </tr>
            {thresholds && (
              <>
                <tr>
                  <th scope="row" colSpan={3}>
                    {t('console.reviews.linkThreshold')}
                  </th>
                  <td>{format.bits(thresholds.link)}</td>
                </tr>
                <tr>
                  <th scope="row" colSpan={3}>
                    {t('console.reviews.reviewThreshold')}
                  </th>
                  <td>{format.bits(thresholds.review)}</td>
                </tr>
              </>
            )}
          </>
        }
      >
        {explanation.steps.map((step) => (
          <tr key={step.field}>
            <th scope="row">{format.step(step.field)}</th>
            <td>{format.level(step.level)}</td>
            <td>{format.signedBits(step.weight)}</td>
            <td>{format.bits(step.total)}</td>
          </tr>
        ))}
      </DataTable>
    </figure>
  );
}

/** Floating bars: each step from the total before it to the total after it; the score from zero; the thresholds as vertical lines. */
function WaterfallChart({ alt, explanation, thresholds }: { alt: string; explanation: Explanation; thresholds: Thresholds }) {
  const { t } = useLanguage();
  const format = useReviewFormat();
  const marks = [0, explanation.score, ...explanation.steps.map((step) => step.total), ...(thresholds ? [thresholds.link, thresholds.review] : [])];
  const low = Math.floor(Math.min(...marks)) - 1;
  const high = Math.ceil(Math.max(...marks)) + 1;
  const x = (bits: number) => LABEL_WIDTH + ((bits - low) / (high - low)) * BAR_AREA;
  const rows = [
    ...explanation.steps.map((step, index) => ({
      label: format.step(step.field),
      from: index === 0 ? 0 : explanation.steps[index - 1].total,
      to: step.total,
      shown: format.signedBits(step.weight),
    })),
    { label: t('console.reviews.scoreRow'), from: 0, to: explanation.score, shown: format.bits(explanation.score), score: true },
  ];
  const height = HEADER + rows.length * ROW + 4;
  const bar = (row: (typeof rows)[number]) => ('score' in row ? SCORE : row.to >= row.from ? FOR_SAME : AGAINST);
  return (
    <svg className="lantern-chart" viewBox={`0 0 ${LABEL_WIDTH + BAR_AREA + VALUE_WIDTH} ${height}`} role="img" aria-label={alt}>
      {thresholds && (
        <>
          <ThresholdLine x={x(thresholds.link)} y={14} bottom={height} label={`${t('console.reviews.linkThreshold')} ${format.bits(thresholds.link)}`} dash="6 3" />
          <ThresholdLine x={x(thresholds.review)} y={34} bottom={height} label={`${t('console.reviews.reviewThreshold')} ${format.bits(thresholds.review)}`} dash="2 3" />
        </>
      )}
      {rows.map((row, index) => {
        const y = HEADER + index * ROW;
        return (
          <g key={index}>
            <text x={LABEL_WIDTH - 8} y={y + 17} textAnchor="end" fontWeight={'score' in row ? 'bold' : undefined}>
              {row.label}
            </text>
            <rect x={Math.min(x(row.from), x(row.to))} y={y + 4} width={Math.max(Math.abs(x(row.to) - x(row.from)), 1)} height={ROW - 8} fill={bar(row)} />
            <text x={LABEL_WIDTH + BAR_AREA + 8} y={y + 17}>
              {row.shown}
            </text>
          </g>
        );
      })}
      <line x1={x(0)} x2={x(0)} y1={HEADER - 4} y2={height} className="lantern-chart__axis" />
    </svg>
  );
}

function ThresholdLine({ x, y, bottom, label, dash }: { x: number; y: number; bottom: number; label: string; dash: string }) {
  return (
    <g>
      <text x={x} y={y} textAnchor="middle">
        {label}
      </text>
      <line x1={x} x2={x} y1={y + 4} y2={bottom} stroke="#1b1b1b" strokeDasharray={dash} />
    </g>
  );
}
