import { COMPARISONS } from '../scoring/comparisons';
import { type FieldEvidence, matchProbability } from '../scoring/pair-scorer';
import type { Decision } from './events';

/** One bar of a waterfall: what a field contributed, and the match weight after it. */
export interface WaterfallStep {
  readonly field: FieldEvidence['field'];
  /** The comparison level reached ('missing' when either record lacks the field: 0 bits). */
  readonly level: string;
  /** Bits this step adds (negative: evidence of different people). */
  readonly weight: number;
  /** Match weight after this step. */
  readonly total: number;
}

/** How a score was reached, in the order a steward reads it: the prior, each comparison, then rules. */
export interface Waterfall {
  readonly steps: readonly WaterfallStep[];
  /** Match weight in bits: the last step's total. */
  readonly score: number;
  readonly probability: number;
}

// The prior first, then the comparisons in the engine's (the record's) order, then the twin rule.
const ORDER = new Map<string, number>([['prior', 0], ...COMPARISONS.map(({ field }, index): [string, number] => [field, index + 1]), ['twin_rule', COMPARISONS.length + 1]]);

/** The waterfall of a decision's or candidate's evidence; null when there is none (no candidate, or a replay). */
export function waterfall(evidence: readonly FieldEvidence[]): Waterfall | null {
  if (evidence.length === 0) return null;
  let total = 0;
  const steps = [...evidence]
    .sort((a, b) => (ORDER.get(a.field) ?? ORDER.size) - (ORDER.get(b.field) ?? ORDER.size))
    .map(({ field, level, weight }) => {
      total = round(total + weight);
      return { field, level, weight, total };
    });
  return { steps, score: total, probability: matchProbability(total) };
}

const OUTCOMES: Readonly<Record<Decision['type'], string>> = { link: 'linked to', new: 'new SID', review: 'review, provisional SID' };

/**
 * A decision as text a steward can read: one line for the outcome, then a waterfall for the
 * evidence it rests on (the linked or nearest candidate; every candidate of a review). Names
 * fields and levels, never values.
 */
export function explainDecision(decision: Decision): string {
  const lines = [`${decision.recordId}: ${OUTCOMES[decision.type]} ${decision.sid}${decision.type === 'review' ? ` (${decision.reason})` : ''}`];
  for (const warning of decision.warnings) lines.push(`  warning: ${warning.message}`);
  if (decision.type === 'review') {
    for (const candidate of decision.candidates)
      lines.push(`  candidate ${candidate.sid}${candidate.rule ? ` (${candidate.rule} rule)` : ''}:`, ...waterfallLines(candidate.evidence, '    '));
  } else {
    const label = decision.type === 'link' ? (decision.rule ? `evidence (${decision.rule} rule):` : 'evidence:') : 'nearest candidate:';
    lines.push(...(decision.evidence.length > 0 ? [`  ${label}`, ...waterfallLines(decision.evidence, '    ')] : ['  no candidate scored']));
  }
  return `${lines.join('\n')}\n`;
}

function waterfallLines(evidence: readonly FieldEvidence[], indent: string): string[] {
  const explained = waterfall(evidence);
  if (explained === null) return [`${indent}no evidence`];
  const fieldWidth = Math.max(...explained.steps.map((step) => step.field.length));
  const levelWidth = Math.max(...explained.steps.map((step) => step.level.length));
  const signed = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(2)}`.padStart(7);
  return [
    ...explained.steps.map((step) => `${indent}${step.field.padEnd(fieldWidth)}  ${step.level.padEnd(levelWidth)}  ${signed(step.weight)}  ${signed(step.total)}`),
    `${indent}${'score'.padEnd(fieldWidth + levelWidth + 2)}  ${' '.repeat(7)}  ${signed(explained.score)} bits, P = ${explained.probability.toFixed(4)}`,
  ];
}

const round = (weight: number): number => Math.round(weight * 1000) / 1000;
