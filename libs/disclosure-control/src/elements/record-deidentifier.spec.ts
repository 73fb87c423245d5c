import { randomBytes } from 'node:crypto';
import { numericBandHierarchy, valueMapHierarchy } from '../generalisation/hierarchy';
import { planKAnonymity } from '../microdata/k-anonymity';
import { QuasiIdentifierCounts } from '../microdata/quasi-identifier-counts';
import { ProjectPseudonymiser } from '../pseudonyms/project-pseudonymiser';
import { DisclosureControlError } from '../values';
import { quasiIdentifierHierarchies, type ElementCatalogue } from './element-catalogue';
import { RecordDeidentifier } from './record-deidentifier';

const CATALOGUE: ElementCatalogue = {
  studentUniqueId: { role: 'direct-identifier', pseudonymAs: 'studentPseudonym' },
  firstName: { role: 'direct-identifier' },
  birthDate: { role: 'quasi-identifier', transform: 'date-to-year', hierarchy: numericBandHierarchy('birthDate') },
  school: { role: 'quasi-identifier', hierarchy: valueMapHierarchy('school', [{ level: 'district', map: { s1: 'd1', s2: 'd1' } }]) },
  sex: { role: 'quasi-identifier' },
  scaleScore: { role: 'sensitive' },
  enrolledOn: { role: 'other', transform: 'date-to-year' },
};

const RECORD = { studentUniqueId: '12345678903', firstName: 'Ana', birthDate: '2009-03-14', school: 's1', sex: 'F', scaleScore: 512, enrolledOn: '2023-08-21', homeAddress: '1 Main St' };

describe('RecordDeidentifier', () => {
  const pseudonymiser = new ProjectPseudonymiser(randomBytes(32));

  it('drops direct and undeclared identifiers, pseudonymises the SID and releases birth dates as years', () => {
    expect(new RecordDeidentifier(CATALOGUE, pseudonymiser).deidentify(RECORD)).toEqual({
      studentPseudonym: pseudonymiser.pseudonym('12345678903'),
      birthDate: 2009,
      school: 's1',
      sex: 'F',
      scaleScore: 512,
      enrolledOn: 2023,
    });
  });

  it('releases missing elements as null', () => {
    expect(new RecordDeidentifier(CATALOGUE, pseudonymiser).deidentify({})).toEqual({ studentPseudonym: null, birthDate: null, school: null, sex: null, scaleScore: null, enrolledOn: null });
  });

  it('refuses values it cannot release safely, without quoting them', () => {
    const deidentifier = new RecordDeidentifier(CATALOGUE, pseudonymiser);
    expect(() => deidentifier.deidentify({ birthDate: '14/03/2009' })).toThrow(new DisclosureControlError('birthDate is not an ISO date (YYYY-MM-DD), so it cannot be released as a year'));
    expect(() => deidentifier.deidentify({ scaleScore: { raw: 512 } })).toThrow('scaleScore must be a single string, finite number or boolean to be released');
    expect(() => deidentifier.deidentify({ studentUniqueId: 12345678903 })).toThrow('studentUniqueId must be a string to be pseudonymised');
  });

  it('refuses a catalogue whose pseudonyms clash or have no pseudonymiser', () => {
    expect(() => new RecordDeidentifier(CATALOGUE)).toThrow('the element catalogue releases pseudonyms: give the project pseudonymiser');
    expect(() => new RecordDeidentifier({ ...CATALOGUE, localId: { role: 'direct-identifier', pseudonymAs: 'school' } }, pseudonymiser)).toThrow(
      'pseudonym names must differ from every declared element and from each other: school',
    );
  });

  it('describes what it did to each element, with the levels k-anonymity chose', () => {
    const deidentifier = new RecordDeidentifier(CATALOGUE, pseudonymiser);
    const hierarchies = quasiIdentifierHierarchies(CATALOGUE);
    expect(Object.keys(hierarchies)).toEqual(['birthDate', 'school', 'sex']);
    const counts = new QuasiIdentifierCounts(Object.keys(hierarchies));
    const records = Array.from({ length: 12 }, (_, index) => deidentifier.deidentify({ ...RECORD, birthDate: `${2005 + (index % 5)}-01-01`, school: index % 2 ? 's1' : 's2' }));
    records.forEach((record) => counts.add(record));
    const plan = planKAnonymity(counts, hierarchies, { k: 11 });

    expect(deidentifier.elementActions(plan.report)).toEqual([
      {
        element: 'studentUniqueId',
        role: 'direct-identifier',
        action: 'pseudonymised',
        detail: 'direct identifier: released only as studentPseudonym, a keyed pseudonym (HMAC-SHA256)',
      },
      { element: 'firstName', role: 'direct-identifier', action: 'dropped', detail: 'direct identifier: never released' },
      { element: 'birthDate', role: 'quasi-identifier', action: 'generalised', detail: 'full date released as its year; released as birthDate in bands of 5 (level 1 of 3) to reach k = 11' },
      { element: 'school', role: 'quasi-identifier', action: 'generalised', detail: 'released as district (level 1 of 2) to reach k = 11' },
      { element: 'sex', role: 'quasi-identifier', action: 'released', detail: 'released as recorded: k = 11 needed no generalisation' },
      { element: 'scaleScore', role: 'sensitive', action: 'released', detail: 'released as recorded' },
      { element: 'enrolledOn', role: 'other', action: 'generalised', detail: 'full date released as its year' },
      { element: 'homeAddress', role: 'undeclared', action: 'dropped', detail: 'not declared in the element catalogue' },
    ]);
    expect(deidentifier.undeclaredElements).toEqual(['homeAddress']);
  });

  it('reports a quasi-identifier withheld in every record as suppressed', () => {
    const deidentifier = new RecordDeidentifier({ sex: { role: 'quasi-identifier' } });
    const counts = new QuasiIdentifierCounts(['sex']);
    ['F', 'M', 'F'].forEach((sex) => counts.add(deidentifier.deidentify({ sex })));
    const plan = planKAnonymity(counts, quasiIdentifierHierarchies({ sex: { role: 'quasi-identifier' } }), { k: 3 });
    expect(deidentifier.elementActions(plan.report)).toEqual([{ element: 'sex', role: 'quasi-identifier', action: 'suppressed', detail: "withheld ('*') in every record to reach k = 3" }]);
  });
});
