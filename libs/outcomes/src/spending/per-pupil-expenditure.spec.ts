import { perPupilExpenditures } from './per-pupil-expenditure';

describe('perPupilExpenditures', () => {
  const values = perPupilExpenditures(
    [
      { districtId: 'D', schoolId: 'A', fundSource: 'state-local', category: 'personnel', amount: 900_000 },
      { districtId: 'D', schoolId: 'A', fundSource: 'federal', category: 'non-personnel', amount: 100_000 },
      { districtId: 'D', schoolId: 'B', fundSource: 'state-local', category: 'personnel', amount: 2_000_000 },
      { districtId: 'D', schoolId: 'B', fundSource: 'state-local', category: 'capital-outlay', amount: 5_000_000 },
      { districtId: 'D', fundSource: 'state-local', category: 'non-personnel', amount: 300_000 }, // central office, shared by enrolment
    ],
    [
      { districtId: 'D', schoolId: 'A', students: 100 },
      { districtId: 'D', schoolId: 'B', students: 200 },
    ],
  );
  const at = (indicator: string, entity: string) => values.find((value) => value.indicator === indicator && value.entity === entity);

  it('adds the school’s share of central costs by enrolment, leaves out capital outlay, and splits by fund source', () => {
    expect(at('ppe-total', 'A')).toMatchObject({ kind: 'amount', numerator: 1_100_000, denominator: 100, value: 11_000, inputs: { schoolCoded: 1_000_000, allocated: 100_000 } });
    expect(at('ppe-federal', 'A')).toMatchObject({ value: 1_000 });
    expect(at('ppe-state-local', 'A')).toMatchObject({ value: 10_000 });
    expect(at('ppe-total', 'B')).toMatchObject({ value: 11_000 });
    expect(at('ppe-total', 'D')).toMatchObject({ level: 'district', numerator: 3_300_000, denominator: 300, value: 11_000 });
    expect(at('ppe-federal', 'state')).toMatchObject({ numerator: 100_000, denominator: 300 });
  });
});
