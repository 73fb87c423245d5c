import { constants, createCipheriv, publicEncrypt, randomBytes, X509Certificate } from 'node:crypto';
import forge from 'node-forge';

const OID = {
  envelopedData: '1.2.840.113549.1.7.3',
  data: '1.2.840.113549.1.7.1',
  rsaesOaep: '1.2.840.113549.1.1.7',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
} as const;
const SEGMENT_BYTES = 64 * 1024;
const END_OF_CONTENTS = Buffer.from([0x00, 0x00]);

const { asn1 } = forge;
const der = (node: forge.asn1.Asn1) => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
const oid = (value: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(value).getBytes());
const integer = (value: number) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(value).getBytes());
const octets = (bytes: Buffer) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes.toString('binary'));
const sequence = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);

/** A certificate the hub can encrypt to: RSA, so the content key travels RSAES-OAEP. */
export function assertEncryptableTo(certificatePem: string): X509Certificate {
  const certificate = new X509Certificate(certificatePem);
  if (certificate.publicKey.asymmetricKeyType !== 'rsa') throw new Error('the certificate’s key is not RSA; packages can be encrypted only to RSA certificates');
  return certificate;
}

/** One segment of the indefinite-length encrypted content: a primitive OCTET STRING. */
function segment(bytes: Buffer): Buffer {
  const length = bytes.length;
  const lengthBytes =
    length < 0x80
      ? Buffer.from([length])
      : length < 0x100
        ? Buffer.from([0x81, length])
        : length < 0x10000
          ? Buffer.from([0x82, length >> 8, length & 0xff])
          : Buffer.from([0x83, length >> 16, (length >> 8) & 0xff, length & 0xff]);
  return Buffer.concat([Buffer.from([0x04]), lengthBytes, bytes]);
}

/**
 * Streams `content` as a CMS EnvelopedData (RFC 5652, BER with indefinite lengths) for the one
 * recipient: AES-256-CBC under a fresh key, the key wrapped with RSAES-OAEP to the certificate,
 * the recipient named by issuer and serial number. Only the certificate's private key opens it,
 * e.g. `openssl cms -decrypt -inform DER -in package.tar.p7m -inkey key.pem -out package.tar`.
 */
export async function* envelopedFor(certificatePem: string, content: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const certificate = assertEncryptableTo(certificatePem);
  const forgeCertificate = forge.pki.certificateFromPem(certificatePem);
  const key = randomBytes(32);
  const iv = randomBytes(16);
  const encryptedKey = publicEncrypt({ key: certificate.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, key);
  const recipient = sequence([
    integer(0),
    sequence([forge.pki.distinguishedNameToAsn1(forgeCertificate.issuer), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, forge.util.hexToBytes(forgeCertificate.serialNumber))]),
    // RSAES-OAEP with its default parameters (SHA-1, MGF1 with SHA-1): an empty parameter sequence.
    sequence([oid(OID.rsaesOaep), sequence([])]),
    octets(encryptedKey),
  ]);
  const recipients = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, [recipient]);
  const algorithm = sequence([oid(OID.aes256Cbc), octets(iv)]);
  // ContentInfo { envelopedData, [0] EnvelopedData { version 0, recipients, EncryptedContentInfo { data, algorithm, [0] segments… } } }
  yield Buffer.concat([
    Buffer.from([0x30, 0x80]),
    der(oid(OID.envelopedData)),
    Buffer.from([0xa0, 0x80, 0x30, 0x80]),
    der(integer(0)),
    der(recipients),
    Buffer.from([0x30, 0x80]),
    der(oid(OID.data)),
    der(algorithm),
    Buffer.from([0xa0, 0x80]),
  ]);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  let pending = Buffer.alloc(0);
  for await (const chunk of content) {
    pending = Buffer.concat([pending, cipher.update(chunk)]);
    while (pending.length >= SEGMENT_BYTES) {
      yield segment(pending.subarray(0, SEGMENT_BYTES));
      pending = pending.subarray(SEGMENT_BYTES);
    }
  }
  pending = Buffer.concat([pending, cipher.final()]);
  if (pending.length > 0) yield segment(pending);
  // End of the encrypted content, of EncryptedContentInfo, of EnvelopedData, of [0] and of ContentInfo.
  yield Buffer.concat([END_OF_CONTENTS, END_OF_CONTENTS, END_OF_CONTENTS, END_OF_CONTENTS, END_OF_CONTENTS]);
}
