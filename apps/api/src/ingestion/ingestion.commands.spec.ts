import { LanternError } from '@lantern/errors';
import { ListRejectsCommand } from './ingestion.commands';

describe('ListRejectsCommand', () => {
  it('filters by every stage a reject can have, a producing system refused for publishing beyond its registration too', () => {
    expect(ListRejectsCommand.from({ stage: 'producer' }).filter.stage).toBe('producer');
    expect(ListRejectsCommand.from({ stage: 'schema' }).filter.stage).toBe('schema');
    expect(ListRejectsCommand.from({ stage: 'write' }).filter.stage).toBe('write');
  });

  it('refuses a stage no reject can have', () => {
    expect(() => ListRejectsCommand.from({ stage: 'nonsense' })).toThrow(LanternError);
  });
});
