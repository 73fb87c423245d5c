import { generateKeyPairSync } from 'node:crypto';
import { request, type RequestOptions } from 'node:https';
import forge from 'node-forge';

/** node-forge works on its own key type; node:crypto generates RSA keys far faster. */
function rsaKeyPair() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
  const forgeKey = forge.pki.privateKeyFromPem(privateKeyPem) as forge.pki.rsa.PrivateKey;
  return { privateKeyPem, forgeKey, forgePublicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e) };
}

/** The API's own HTTPS certificate for 127.0.0.1 (self-signed: the tests trust it explicitly). */
export function serverCertificateFor127001(): { certificatePem: string; privateKeyPem: string } {
  const { privateKeyPem, forgeKey, forgePublicKey } = rsaKeyPair();
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forgePublicKey;
  certificate.serialNumber = '01';
  certificate.validity.notBefore = new Date(Date.now() - 60_000);
  certificate.validity.notAfter = new Date(Date.now() + 86_400_000);
  const subject = [{ shortName: 'CN', value: '127.0.0.1' }];
  certificate.setSubject(subject);
  certificate.setIssuer(subject);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
  ]);
  certificate.sign(forgeKey, forge.md.sha256.create());
  return { certificatePem: forge.pki.certificateToPem(certificate), privateKeyPem };
}

/** A partner's key pair and its certificate signing request (the key never leaves the partner). */
export function clientKeyAndCsr(): { privateKeyPem: string; csrPem: string } {
  const { privateKeyPem, forgeKey, forgePublicKey } = rsaKeyPair();
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forgePublicKey;
  csr.setSubject([{ shortName: 'CN', value: 'partner system' }]);
  csr.sign(forgeKey, forge.md.sha256.create());
  return { privateKeyPem, csrPem: forge.pki.certificationRequestToPem(csr) };
}

export interface HttpsAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/**
 * One request over a fresh TLS connection (no keep-alive, no session reuse), so each call
 * proves what its own handshake presented.
 */
export function httpsGet(port: number, path: string, tls: Pick<RequestOptions, 'cert' | 'key' | 'pfx' | 'passphrase' | 'ca' | 'headers'>): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const call = request({ host: '127.0.0.1', port, path, method: 'GET', agent: false, ...tls }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
    });
    call.on('error', reject);
    call.end();
  });
}
