import { syntheticTrainingRecords } from '../evaluation/run-evaluation';
import { COMPARISONS } from '../scoring/comparisons';
import { createIdentityModel } from './identity-model';
import { expectedAccuracy, modelCard, renderModelCard } from './model-card';
import { trainModel, TrainingSet } from './training';

describe('model card', () => {
  const set = TrainingSet.of(syntheticTrainingRecords(3_000, 21));
  const model = trainModel(set, { seed: 21, randomPairs: 100_000, createdAt: '2026-01-01T00:00:00.000Z' });
  const data = { ...set.counts(), inputs: [{ name: 'synthetic.csv', rows: set.size + 2, records: set.size }] };
  const card = modelCard(model, data);

  it('carries each comparison level’s m, u and weight, the prior, thresholds and how EM converged', () => {
    expect(card.modelId).toBe(model.id);
    expect(card.comparisons.map(({ field }) => field)).toEqual(COMPARISONS.map(({ field }) => field));
    const birthDate = card.comparisons.find(({ field }) => field === 'birth_date');
    const { m, u, uSameAddress } = model.comparisons[3].levels[0];
    expect(birthDate?.levels[0]).toEqual({ label: 'exact', m, u, weight: expect.any(Number), atOneAddress: { u: uSameAddress, weight: expect.closeTo(Math.log2(m / uSameAddress!), 2) } });
    expect(birthDate?.levels[0].weight).toBeCloseTo(Math.log2(model.comparisons[3].levels[0].m / model.comparisons[3].levels[0].u), 2);
    expect(birthDate?.observedShare).toBeGreaterThan(0.9);
    expect(card.prior).toMatchObject({ lambda: model.prior, trainingRecords: set.size });
    expect(card.termFrequencies.surname.names).toBe(Object.keys(model.termFrequencies.surname.values).length);
    expect(card.estimation.sessions.map((session) => session.converged)).toEqual([true, true, true]);
  });

  it('renders as Markdown naming the data, the parameters and the expected accuracy', () => {
    const text = renderModelCard(card);
    expect(text).toContain(`# Identity model ${model.id}`);
    expect(text).toMatch(/\| synthetic\.csv \| [\d,]+ \| [\d,]+ \|/);
    expect(text).toMatch(/\| birth_date \| [\d.]+ \| exact \| [\d.e-]+ \| [\d.e-]+ \| \d+\.\d+ \|/);
    expect(text).toContain(`precision ${card.expected.precision}, recall ${card.expected.recall}`);
    expect(text).toContain('Method: From the fitted mixture');
  });

  it('expects high precision and recall of a model fitted to clean synthetic data', () => {
    expect(card.expected.recall).toBeGreaterThan(0.9);
    expect(card.expected.recall).toBeLessThanOrEqual(1);
    expect(card.expected.precision).toBeGreaterThan(0.99);
  });

  it('trades recall for precision as the link threshold rises, and loses precision as the ID space grows', () => {
    const stricter = createIdentityModel({ ...withoutId(model), thresholds: { link: 20, review: 0 } });
    const strict = expectedAccuracy(stricter);
    expect(strict.recall).toBeLessThan(card.expected.recall);
    expect(strict.precision).toBeGreaterThanOrEqual(card.expected.precision);
    const statewide = expectedAccuracy(model, 2_000_000);
    expect(statewide.falseLinkPairs).toBeGreaterThan(card.expected.falseLinkPairs);
    expect(statewide.recall).toBeLessThan(card.expected.recall);
  });
});

function withoutId(model: ReturnType<typeof trainModel>) {
  const { id: _id, format: _format, ...draft } = model;
  return draft;
}
