import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import forge from 'node-forge';

/** The principal the broker itself logs in as (inter-broker and controller listeners). */
export const BROKER_USER = 'broker';
/** The principal of the hub's own services (ingest, worker, API, CLI): a super user of its cluster. */
export const HUB_USER = 'lantern';

/**
 * What a development or test broker needs to require TLS and SASL/SCRAM of every client
 * (ADR 0017): a CA of its own, the broker's certificate for 127.0.0.1, localhost and any other
 * host clients reach it at, and the passwords of the broker and hub principals. Made once per
 * state folder and reused on restart.
 */
export interface BrokerSecurity {
  caPem: string;
  /** The broker's PKCS#8 key, its certificate and the CA's, as Kafka's PEM keystore reads them. */
  keystorePem: string;
  keystoreFile: string;
  truststoreFile: string;
  brokerPassword: string;
  hubPassword: string;
  /** True when made now: a data folder formatted before holds none of these principals. */
  created: boolean;
}

const VALIDITY_YEARS = 5;

/** `otherHosts`: names or IP addresses besides 127.0.0.1 and localhost that the certificate must hold (a container host); read only when the folder's material is made. */
export async function brokerSecurity(stateDir: string, otherHosts: readonly string[] = []): Promise<BrokerSecurity> {
  const folder = path.join(stateDir, 'security');
  const keystoreFile = path.join(folder, 'broker-keystore.pem');
  const truststoreFile = path.join(folder, 'ca.pem');
  const passwordsFile = path.join(folder, 'passwords.json');
  const created = !existsSync(passwordsFile);
  if (created) {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const { caPem, keystorePem } = brokerCertificates(otherHosts);
    await writeFile(truststoreFile, caPem, { mode: 0o600 });
    await writeFile(keystoreFile, keystorePem, { mode: 0o600 });
    const passwords = { broker: randomBytes(24).toString('base64url'), hub: randomBytes(24).toString('base64url') };
    await writeFile(passwordsFile, JSON.stringify(passwords), { mode: 0o600 });
  }
  const passwords = JSON.parse(await readFile(passwordsFile, 'utf8')) as { broker: string; hub: string };
  return {
    caPem: await readFile(truststoreFile, 'utf8'),
    keystorePem: await readFile(keystoreFile, 'utf8'),
    keystoreFile,
    truststoreFile,
    brokerPassword: passwords.broker,
    hubPassword: passwords.hub,
    created,
  };
}

function brokerCertificates(otherHosts: readonly string[]): { caPem: string; keystorePem: string } {
  const caKeys = rsaKeys();
  const brokerKeys = rsaKeys();
  const now = new Date();
  const caName = [{ shortName: 'CN', value: 'Lantern development Kafka CA' }];
  const ca = certificate(caKeys.publicKey, caName, caName, now, [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());
  const broker = certificate(brokerKeys.publicKey, [{ shortName: 'CN', value: 'localhost' }], caName, now, [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
    // Clients reach a local broker at 127.0.0.1, which Node checks against an IP entry.
    { name: 'subjectAltName', altNames: [...new Set(['127.0.0.1', 'localhost', ...otherHosts])].map(subjectAltName) },
  ]);
  broker.sign(caKeys.privateKey, forge.md.sha256.create());
  const caPem = forge.pki.certificateToPem(ca);
  return { caPem, keystorePem: brokerKeys.pkcs8Pem + forge.pki.certificateToPem(broker) + caPem };
}

/** An IP address entry (type 7) or a DNS name entry (type 2). */
function subjectAltName(host: string): { type: number; ip?: string; value?: string } {
  return isIP(host) ? { type: 7, ip: host } : { type: 2, value: host };
}

function rsaKeys() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pkcs8Pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()) as forge.pki.rsa.PrivateKey;
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), pkcs8Pem };
}

function certificate(publicKey: forge.pki.rsa.PublicKey, subject: forge.pki.CertificateField[], issuer: forge.pki.CertificateField[], now: Date, extensions: object[]) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + VALIDITY_YEARS * 365 * 86_400_000);
  cert.setSubject(subject);
  cert.setIssuer(issuer);
  cert.setExtensions(extensions);
  return cert;
}
