import { ContractRegistry, parseMessage, type Envelope } from '@lantern/contracts';
import fc from 'fast-check';
import { syntheticState, type SyntheticStateOptions, type SyntheticStateSummary } from './synthetic-state';

const registry = ContractRegistry.default();
const contractVersion = (id: string) => registry.contract(id).version;
const small = (options: Partial<SyntheticStateOptions> = {}): SyntheticStateOptions => ({ students: 390, studentsPerDistrict: 130, contractVersion, ...options });

describe('the synthetic state', () => {
  it('is the same for the same seed, and differs for another', () => {
    const text = (seed: number) => JSON.stringify([...syntheticState(small({ seed }))]);
    expect(text(7)).toBe(text(7));
    expect(text(7)).not.toBe(text(8));
  });

  it('sends only records its contracts accept, with the published version', () => {
    const summary = {} as SyntheticStateSummary;
    const refused: string[] = [];
    for (const envelope of syntheticState(small(), summary)) {
      const result = parseMessage(Buffer.from(JSON.stringify(envelope)), registry, { maxBytes: 1_000_000 });
      if (result.kind !== 'accepted') refused.push(`${envelope.contract}: ${result.message}`);
    }
    expect(refused).toEqual([]);
    expect(summary).toMatchObject({ districts: 3, schools: 9 });
  });

  it('holds every input the public indicators read, over three school years', () => {
    const summary = {} as SyntheticStateSummary;
    const envelopes = [...syntheticState(small(), summary)];
    const kinds = Object.keys(summary.envelopesByContract);
    for (const contract of [
      'edfi.calendarDate',
      'edfi.disciplineAction',
      'edfi.grade',
      'hub.schoolExpenditure',
      'hub.schoolPlan',
      'postsecondary.termEnrollment',
      'postsecondary.credentialAward',
      'workforce.quarterlyWage',
    ]) {
      expect(kinds).toContain(contract);
    }
    const enrolments = envelopes.filter((envelope) => envelope.contract === 'edfi.studentSchoolAssociation').map((envelope) => envelope.record);
    const exits = new Set(enrolments.map((record) => String(record['exitWithdrawTypeDescriptor']).split('#')[1]));
    expect([...exits]).toEqual(expect.arrayContaining(['Graduated', 'Transferred', 'Dropout', 'End of school year']));
    expect(new Set(enrolments.map((record) => (record['schoolYearTypeReference'] as { schoolYear: number }).schoolYear))).toEqual(
      new Set([2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]),
    );
    const scores = envelopes.filter((envelope) => envelope.contract === 'edfi.studentAssessment');
    const tested = new Set(scores.map(({ record }) => `${record['whenAssessedGradeLevelDescriptor']}|${(record['schoolYearTypeReference'] as { schoolYear: number }).schoolYear}`));
    expect(tested.size).toBe(7 * 3);
  });

  it('sends a referenced record before the records that refer to it, and each source record once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 13, max: 90 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 2 }),
        (seed, students, schoolYears, earlierClasses) => {
          const seen = new Set<string>();
          const sent = new Set<string>();
          for (const envelope of syntheticState({ seed, students, schoolYears, earlierClasses, studentsPerDistrict: 40, contractVersion })) {
            for (const reference of registry.referencesOf(envelope.contract, envelope.record)) {
              expect({ envelope: envelope.contract, reference: reference.name, sentBefore: reference.contracts.some((contract) => seen.has(`${contract}|${reference.naturalKey}`)) }).toEqual(
                {
                  envelope: envelope.contract,
                  reference: reference.name,
                  sentBefore: true,
                },
              );
            }
            const key = `${envelope.contract}|${registry.naturalKey(envelope.contract, envelope.record)}`;
            const sourceKey = `${envelope.sourceSystem}|${key}`;
            expect(sent.has(sourceKey)).toBe(false);
            sent.add(sourceKey);
            seen.add(key);
          }
        },
      ),
      { numRuns: 12 },
    );
  });

  it('streams: a large state is generated without holding its records', () => {
    const iterator = syntheticState(small({ students: 1_000_000, studentsPerDistrict: 3500 }));
    const first: Envelope[] = [];
    for (let index = 0; index < 1000; index++) first.push(iterator.next().value as Envelope);
    expect(first.map((envelope) => envelope.contract)).toContain('edfi.localEducationAgency');
    iterator.return(undefined);
  });
});
