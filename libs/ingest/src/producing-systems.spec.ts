import { ContractRegistry } from '@lantern/contracts';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import fc from 'fast-check';
import { HubTopics } from './hub-topics';
import { parseProducerRegistration } from './producing-systems';

const topics = new HubTopics(ContractRegistry.default(), 't3.');
const producerId = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?$/);
const sourceSystem = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,30}$/);

describe('parseProducerRegistration: what a steward may register', () => {
  it('accepts a producer id without dots and its source systems, agencies and education organisations, as given (duplicates once)', () => {
    fc.assert(
      fc.property(
        producerId,
        fc.array(sourceSystem, { minLength: 1, maxLength: 5 }),
        fc.array(fc.string({ minLength: 1, maxLength: 64 }), { maxLength: 5 }),
        fc.array(fc.bigInt({ min: 1n, max: 999_999_999_999_999_999n }).map(String), { maxLength: 5 }),
        (id, sourceSystems, agencyIds, educationOrganizationIds) => {
          const parsed = parseProducerRegistration({ producerId: id, sourceSystems, agencyIds, educationOrganizationIds });
          expect(parsed).toEqual({
            producerId: id,
            grant: { sourceSystems: [...new Set(sourceSystems)], agencyIds: [...new Set(agencyIds)], educationOrganizationIds: [...new Set(educationOrganizationIds)] },
          });
          expect(() => topics.producerPrefix(parsed.producerId)).not.toThrow();
        },
      ),
    );
  });

  it('answers anything else with an invalid-request error, never another failure, and never lets a prefix-breaking id through', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record({ producerId: fc.string(), sourceSystems: fc.array(fc.string()), agencyIds: fc.anything(), educationOrganizationIds: fc.anything() }, { requiredKeys: [] }),
        ),
        (input) => {
          try {
            const parsed = parseProducerRegistration(input);
            expect(parsed.producerId).not.toMatch(/[^a-z0-9-]/);
            expect(parsed.grant.sourceSystems.length).toBeGreaterThan(0);
          } catch (error) {
            expect(error).toBeInstanceOf(LanternError);
            expect((error as LanternError).code).toBe(LanternErrorCode.InvalidRequest);
          }
        },
      ),
    );
    expect(() => parseProducerRegistration({ producerId: 'district.a', sourceSystems: ['lea-1.sis'] })).toThrow(/no dots/);
    expect(() => parseProducerRegistration({ producerId: 'district-a', sourceSystems: [] })).toThrow(/sourceSystems/);
  });
});
