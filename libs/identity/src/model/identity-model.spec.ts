import { defaultIdentityModel } from './default-model';
import { createIdentityModel, InvalidIdentityModelError, parseIdentityModel, serialiseIdentityModel } from './identity-model';

describe('IdentityModel storage', () => {
  const model = defaultIdentityModel();

  it('round-trips through JSON unchanged', () => {
    const reloaded = parseIdentityModel(serialiseIdentityModel(model));
    expect(reloaded).toEqual(model);
    expect(reloaded.id).toMatch(/^im-[0-9a-f]{16}$/);
  });

  it('names equal parameters with one id, whenever they were created', () => {
    const { id: _id, format: _format, ...draft } = model;
    expect(createIdentityModel({ ...draft, createdAt: '2030-01-01T00:00:00Z' }).id).toBe(model.id);
    expect(createIdentityModel({ ...draft, thresholds: { link: 9, review: 1 } }).id).not.toBe(model.id);
  });

  it('refuses a model edited after creation', () => {
    const edited = { ...model, thresholds: { link: 1, review: 0 } };
    expect(() => parseIdentityModel(JSON.stringify(edited))).toThrow(/does not match its id/);
  });

  it('refuses a model written for other comparisons', () => {
    const comparisons = model.comparisons.slice(1);
    expect(() => parseIdentityModel({ ...model, comparisons })).toThrow(InvalidIdentityModelError);
    const relabelled = model.comparisons.map((comparison, index) => (index === 0 ? { ...comparison, levels: comparison.levels.slice(1) } : comparison));
    expect(() => parseIdentityModel({ ...model, comparisons: relabelled })).toThrow(/given_name levels/);
  });

  it('refuses impossible parameters', () => {
    expect(() => parseIdentityModel({ ...model, prior: 0 })).toThrow(/prior/);
    expect(() => parseIdentityModel({ ...model, thresholds: { link: 0, review: 5 } })).toThrow(/thresholds/);
    expect(() => parseIdentityModel({ ...model, twinWeight: 3 })).toThrow(/twinWeight/);
    expect(() => parseIdentityModel('"a string"')).toThrow(InvalidIdentityModelError);
  });
});
