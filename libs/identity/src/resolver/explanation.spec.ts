import fc from 'fast-check';
import { defaultIdentityModel } from '../model/default-model';
import type { PersonRecord } from '../records/person-record';
import { COMPARISONS } from '../scoring/comparisons';
import type { FieldEvidence } from '../scoring/pair-scorer';
import { explainDecision, waterfall } from './explanation';
import { Resolver } from './resolver';

const elizabeth: PersonRecord = { record_id: 'r1', first_name: 'Elizabeth', last_name: 'Okafor', birth_date: '2012-03-04', sex: 'F', postcode: '80001' };

describe('waterfall', () => {
  it('starts from the prior, adds each comparison in the record’s order with a running total, and ends at the score', () => {
    const resolver = new Resolver({ model: defaultIdentityModel() });
    resolver.resolve(elizabeth, { source: 'k12' });
    const decision = resolver.resolve({ ...elizabeth, record_id: 'r2', first_name: 'Liz', birth_date: '2012-04-03' }, { source: 'college' });
    expect(decision.type).toBe('link');
    const explained = waterfall(decision.evidence);
    expect(explained?.steps.map((step) => step.field)).toEqual(['prior', ...COMPARISONS.map(({ field }) => field)]);
    expect(explained?.steps.find((step) => step.field === 'given_name')?.level).toBe('nickname');
    expect(explained?.steps.find((step) => step.field === 'birth_date')?.level).toBe('day_month_swapped');
    expect(explained?.steps.find((step) => step.field === 'middle_name')).toEqual(expect.objectContaining({ level: 'missing', weight: 0 }));
    expect(explained?.score).toBeCloseTo(decision.score as number, 2);
    expect(explained?.probability).toBeCloseTo(decision.probability as number, 6);
  });

  it('keeps every running total the sum of the steps before it, whatever order the evidence was stored in', () => {
    const field = fc.constantFrom<FieldEvidence['field']>('prior', 'twin_rule', ...COMPARISONS.map((comparison) => comparison.field));
    fc.assert(
      fc.property(
        fc.array(fc.record({ field, level: fc.constantFrom('exact', 'different', 'missing'), weight: fc.double({ min: -30, max: 30, noNaN: true }) }), { minLength: 1 }),
        (evidence) => {
          const explained = waterfall(evidence);
          expect(explained).not.toBeNull();
          let total = 0;
          for (const step of explained?.steps ?? []) {
            total += step.weight;
            expect(step.total).toBeCloseTo(total, 2);
          }
          const fields = explained?.steps.map((step) => step.field) ?? [];
          if (fields.includes('prior')) expect(fields[0]).toBe('prior');
          if (fields.includes('twin_rule')) expect(fields.at(-1)).toBe('twin_rule');
        },
      ),
    );
  });

  it('is null without evidence', () => {
    expect(waterfall([])).toBeNull();
  });
});

describe('explainDecision', () => {
  it('writes the outcome and the waterfall, naming fields and levels but no values', () => {
    const resolver = new Resolver({ model: defaultIdentityModel() });
    const first = resolver.resolve(elizabeth, { source: 'k12' });
    const linked = resolver.resolve({ ...elizabeth, record_id: 'r2', first_name: 'Liz' }, { source: 'college' });
    const text = explainDecision(linked);
    expect(text.split('\n')[0]).toBe(`r2: linked to ${first.sid}`);
    expect(text).toMatch(/^ {4}prior +prior +−\d+\.\d\d +−\d+\.\d\d$/m);
    expect(text).toMatch(/^ {4}given_name +nickname +\+\d+\.\d\d/m);
    expect(text).toMatch(/score .* bits, P = 1\.0000$/m);
    expect(text).not.toMatch(/Elizabeth|Liz\b|Okafor|2012|80001/);
    expect(explainDecision(first)).toBe(`r1: new SID ${first.sid}\n  no candidate scored\n`);
  });

  it('explains every candidate of a review', () => {
    const resolver = new Resolver({ model: defaultIdentityModel() });
    resolver.resolve(elizabeth, { source: 'k12' });
    // Another given name with everything else the same: maybe a twin, a steward decides.
    const review = resolver.resolve({ ...elizabeth, record_id: 'r3', first_name: 'Eleanor' }, { source: 'college' });
    expect(review.type).toBe('review');
    const text = explainDecision(review);
    expect(text).toMatch(/^r3: review, provisional SID \d{11} \(\w+\)$/m);
    expect(text).toMatch(/^ {2}candidate \d{11}:$/m);
    expect(text).toMatch(/^ {4}given_name +different +−/m);
  });
});
