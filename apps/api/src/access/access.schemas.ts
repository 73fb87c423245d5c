import { REVOCATION_REASONS } from '@lantern/access';
import { ROLES } from '@lantern/governance';
import { instant, list, nullable, object, oneOfText, refTo, text, whole } from '../openapi/schema-builders';

// OpenAPI components of the access routes: tokens, API clients and their certificates (libs/access answers them).

const role = oneOfText(ROLES, 'school', { description: 'What the client acts as; schools and districts are named by their Ed-Fi educationOrganizationId' });
const PEM_EXAMPLE = '-----BEGIN CERTIFICATE-----\nMIIC…\n-----END CERTIFICATE-----\n';
const CLIENT_ID = 'lc_Q2h7xV0pLr8sT1kWm3dN';

export const ACCESS_SCHEMAS = {
  TokenRequest: object(
    {
      grant_type: oneOfText(['client_credentials']),
      client_id: text(CLIENT_ID, { description: 'Or in the Authorization header (HTTP Basic), never both' }),
      client_secret: text('s3cr3t-shown-once-at-registration'),
    },
    { optional: ['client_id', 'client_secret'] },
  ),
  AccessToken: object({
    access_token: text('eyJhbGciOiJFUzI1NiIsImtpZCI6IjIwMjYtMDkifQ.eyJzdWIiOiJsY19RMmg3In0.c2lnbmF0dXJl', { description: 'A signed JWT; send it as Authorization: Bearer' }),
    token_type: oneOfText(['bearer']),
    expires_in: whole(300, { description: 'Seconds until it expires' }),
  }),
  OAuthError: object(
    {
      error: oneOfText(['invalid_request', 'invalid_client', 'unsupported_grant_type'], 'invalid_client'),
      error_description: text('The client could not be authenticated.'),
    },
    { description: 'RFC 6749 §5.2: OAuth client libraries read this shape, so the token endpoint answers it instead of problem details' },
  ),
  NewClient: object({ role, organizationId: text('255901001'), displayName: text('Grand Bend High student information system') }),
  ClientRegistration: object({
    clientId: text(CLIENT_ID),
    role,
    organizationId: text('255901001'),
    displayName: text('Grand Bend High student information system'),
    status: oneOfText(['active', 'disabled']),
    createdAt: instant(),
    createdBy: text('lc_steward0000000000000', { description: "The steward that registered it ('cli' for the bootstrap command)" }),
    disabledAt: nullable(instant(null)),
  }),
  RegisteredClient: object({
    registration: { $ref: '#/components/schemas/ClientRegistration' },
    clientSecret: text('Xk3v…shown-once', { description: 'Shown in this answer only; the hub keeps a hash' }),
  }),
  ClientRegistrations: list({ $ref: '#/components/schemas/ClientRegistration' }),
  CertificateRequest: object(
    {
      csrPem: text('-----BEGIN CERTIFICATE REQUEST-----\nMIIC…\n-----END CERTIFICATE REQUEST-----\n', { description: 'Preferred: the key never leaves the partner' }),
      pkcs12Password: text('correct horse battery staple', {
        description: 'Instead of csrPem: the hub generates the key and returns it in a PKCS#12 file under this password (12 to 128 characters)',
      }),
      validityDays: whole(365, { minimum: 1, maximum: 397 }),
    },
    { optional: ['csrPem', 'pkcs12Password', 'validityDays'], description: 'Exactly one of csrPem and pkcs12Password' },
  ),
  ClientCertificate: object({
    serialNumber: text('5f3a9c0e41b7d2'),
    clientId: text(CLIENT_ID),
    fingerprintSha256: text('9b2e…c41f'),
    subject: text('CN=lc_Q2h7xV0pLr8sT1kWm3dN,O=255901001,OU=school'),
    notBefore: instant(),
    notAfter: instant('2027-09-01T08:00:00.000Z'),
    issuedAt: instant(),
    issuedBy: text('lc_steward0000000000000'),
    revokedAt: nullable(instant(null)),
    revocationReason: nullable(text(null)),
  }),
  IssuedClientCertificate: object(
    {
      certificate: { $ref: '#/components/schemas/ClientCertificate' },
      certificatePem: text(PEM_EXAMPLE),
      caCertificatePem: text(PEM_EXAMPLE, { description: 'The hub CA, for a complete chain' }),
      pkcs12Base64: text('MIIKCQIBAzCC…', { description: 'Only for a generated key: certificate, CA and key, encrypted with pkcs12Password' }),
    },
    { optional: ['pkcs12Base64'] },
  ),
  ClientCertificates: list({ $ref: '#/components/schemas/ClientCertificate' }),
  CertificateRevocation: object({ reason: oneOfText(REVOCATION_REASONS, 'keyCompromise') }, { optional: ['reason'], description: "RFC 5280's reason; unspecified when left out" }),
};

export const accessSchema = refTo(ACCESS_SCHEMAS);
