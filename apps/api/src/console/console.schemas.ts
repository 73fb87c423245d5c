import { ROLES } from '@lantern/governance';
import { instant, list, object, oneOfText, refTo, text } from '../openapi/schema-builders';

// OpenAPI components of the console's sign-in and its register of people (libs/access answers them).

const role = oneOfText(ROLES, 'school', { description: 'What the person acts as, with the same guards and scoping as an API client of that role' });
const PERSON_ID = 'lp_7Hc2pQ9xVb1sR4mNt0Kw';

export const CONSOLE_SCHEMAS = {
  ConsoleSession: object({
    personId: text(PERSON_ID),
    displayName: text('Alex Kim'),
    role,
    organizationId: text('255901001'),
    csrfToken: text('0f9c6e1b2a7d4c83b5e0a1f2d3c4b5a6', { description: 'Send it in X-CSRF-Token with every state-changing request of this session' }),
  }),
  NewConsolePerson: object({
    issuer: text('https://login.state.example.gov/realms/staff', { description: "The identity provider's issuer URL (the iss of the person's ID token)" }),
    subject: text('8c1d5e0a-77b2-4f1e-9a3c-2d6e0b4f8a91', { description: 'The sub the identity provider gives the person' }),
    role,
    organizationId: text('255901001'),
    displayName: text('Alex Kim'),
  }),
  ConsolePerson: object({
    personId: text(PERSON_ID),
    issuer: text('https://login.state.example.gov/realms/staff'),
    subject: text('8c1d5e0a-77b2-4f1e-9a3c-2d6e0b4f8a91'),
    role,
    organizationId: text('255901001'),
    displayName: text('Alex Kim'),
    createdAt: instant(),
    createdBy: text('person:lp_steward00000000000000', { description: "The steward (client or person:…) that added them, or 'cli' / 'npm-start'" }),
  }),
  ConsolePeople: list({ $ref: '#/components/schemas/ConsolePerson' }),
};

export const consoleSchema = refTo(CONSOLE_SCHEMAS);
