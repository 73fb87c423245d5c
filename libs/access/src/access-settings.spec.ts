import { loadSettings } from '@lantern/config';
import { generateKeyPairSync } from 'node:crypto';
import { accessKeyMaterial, ACCESS_SETTINGS } from './access-settings';
import { generateCertificateAuthority } from './certificates/hub-certificate-authority';

function p256Pem(): string {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
}

/** Loads the settings and builds the key material as the API does at start-up; the error message, if any. */
function startUp(environment: Record<string, string>): string | undefined {
  try {
    accessKeyMaterial(loadSettings(ACCESS_SETTINGS, environment));
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('access settings', () => {
  const ca = generateCertificateAuthority('Settings test CA');
  const caPem = { LANTERN_CA_CERT_PEM: ca.certificatePem, LANTERN_CA_KEY_PEM: ca.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
  const secretPem = p256Pem();

  it('builds signing keys (a retired one verifying only) and the CA from configuration, with PEM given on one line with \\n escapes', () => {
    const environment = {
      LANTERN_JWT_KEYS: JSON.stringify([
        { kid: '2026-a', publicKeyPem: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }) },
        { kid: '2027-a', privateKeyPem: secretPem },
      ]),
      LANTERN_JWT_ACTIVE_KID: '2027-a',
      LANTERN_CA_CERT_PEM: caPem.LANTERN_CA_CERT_PEM.replace(/\n/g, '\\n'),
      LANTERN_CA_KEY_PEM: caPem.LANTERN_CA_KEY_PEM,
    };
    const material = accessKeyMaterial(loadSettings(ACCESS_SETTINGS, environment));
    expect(material.signingKeys.kids).toEqual(['2026-a', '2027-a']);
    expect(material.signingKeys.activeKid).toBe('2027-a');
    expect(material.signingKeys.ephemeral).toBe(false);
    expect(material.certificateAuthority.certificatePem).toBe(ca.certificatePem);
  });

  it('refuses to start without keys unless ephemeral development keys are allowed', () => {
    expect(startUp({})).toBe('Invalid configuration: LANTERN_JWT_KEYS is required but not set (set LANTERN_DEV_EPHEMERAL_KEYS=true to generate throwaway keys for development)');
    expect(startUp({ LANTERN_JWT_KEYS: JSON.stringify([{ kid: 'k', privateKeyPem: secretPem }]), LANTERN_JWT_ACTIVE_KID: 'k' })).toMatch(
      /^Invalid configuration: LANTERN_CA_CERT_PEM and LANTERN_CA_KEY_PEM are required but not set/,
    );
    expect(startUp({ LANTERN_DEV_EPHEMERAL_KEYS: 'true' })).toBeUndefined();
  });

  it('names the setting in one line and never quotes key material', () => {
    const problems = [
      startUp({ ...caPem, LANTERN_JWT_KEYS: secretPem, LANTERN_JWT_ACTIVE_KID: 'k' }),
      startUp({ ...caPem, LANTERN_JWT_KEYS: JSON.stringify([{ kid: 'k', privateKeyPem: secretPem.slice(0, 80) }]), LANTERN_JWT_ACTIVE_KID: 'k' }),
      startUp({ ...caPem, LANTERN_JWT_KEYS: JSON.stringify([{ kid: 'k', privateKeyPem: secretPem }]), LANTERN_JWT_ACTIVE_KID: 'other' }),
      startUp({ ...caPem, LANTERN_JWT_KEYS: JSON.stringify([{ kid: 'k', privateKeyPem: secretPem }]) }),
      startUp({ LANTERN_DEV_EPHEMERAL_KEYS: 'true', LANTERN_CA_KEY_PEM: caPem.LANTERN_CA_KEY_PEM }),
      startUp({ LANTERN_DEV_EPHEMERAL_KEYS: 'true', LANTERN_CA_CERT_PEM: caPem.LANTERN_CA_CERT_PEM, LANTERN_CA_KEY_PEM: secretPem }),
      startUp({ LANTERN_DEV_EPHEMERAL_KEYS: 'true', LANTERN_CA_KEY_PEM: 'not a key' }),
    ];
    expect(problems).toEqual([
      'Invalid configuration: LANTERN_JWT_KEYS must be a JSON array of {"kid", "privateKeyPem"}',
      'Invalid configuration: LANTERN_JWT_KEYS key "k": privateKeyPem is not a readable PEM key',
      'Invalid configuration: LANTERN_JWT_KEYS / LANTERN_JWT_ACTIVE_KID: the active key id "other" names no configured key',
      'Invalid configuration: LANTERN_JWT_ACTIVE_KID is required when LANTERN_JWT_KEYS is set',
      'Invalid configuration: LANTERN_CA_CERT_PEM and LANTERN_CA_KEY_PEM must be set together',
      'Invalid configuration: LANTERN_CA_CERT_PEM / LANTERN_CA_KEY_PEM: the CA key must be an RSA key (node-forge signs with RSA only)',
      'Invalid configuration: LANTERN_CA_KEY_PEM must be a PEM private key',
    ]);
    for (const problem of problems) {
      expect(problem).not.toContain('PRIVATE KEY');
      expect(problem).not.toContain(secretPem.split('\n')[1]);
    }
  });
});
