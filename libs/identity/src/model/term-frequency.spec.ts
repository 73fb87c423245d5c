import type { PersonRecord } from '../records/person-record';
import { Resolver } from '../resolver/resolver';
import { defaultIdentityModel } from './default-model';

describe('term-frequency adjustment', () => {
  // Two people alike in everything but the surname's frequency: Smith is the commonest surname
  // the model knows, Vandersloot one it has never seen.
  const person = (recordId: string, lastName: string, birthDate: string): PersonRecord => ({ record_id: recordId, first_name: 'Liam', last_name: lastName, birth_date: birthDate });
  const resolver = new Resolver({ model: defaultIdentityModel() });
  resolver.resolve(person('common-1', 'Smith', '2012-04-09'), { source: 'k12' });
  resolver.resolve(person('rare-1', 'Vandersloot', '2012-05-11'), { source: 'k12' });

  const best = (record: PersonRecord) => {
    const [candidate] = resolver.candidates(record, { source: 'college' });
    return { score: candidate.score, surname: candidate.evidence.find((evidence) => evidence.field === 'surname') };
  };

  it('ranks agreement on a rare surname above agreement on a common one, all else equal', () => {
    const common = best(person('common-2', 'Smith', '2012-04-09'));
    const rare = best(person('rare-2', 'Vandersloot', '2012-05-11'));
    expect(common.surname?.level).toBe('exact');
    expect(rare.surname?.level).toBe('exact');
    expect(rare.surname?.weight).toBeGreaterThan((common.surname?.weight ?? 0) + 5);
    expect(rare.score).toBeGreaterThan(common.score + 5);
  });
});
