import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MANIFEST, MANIFEST_SIGNATURE, type PackageManifest } from '../extract-builder';
import { type SignatureCheck, verifyDetachedSignature } from './package-signature';
import { untar } from './tar';

export interface PackageVerification {
  /** Every failure, in words; empty when the package is intact and signed by the hub. */
  problems: string[];
  manifest?: PackageManifest;
  signer?: SignatureCheck['signer'];
  /** Files whose checksum and size match the signed manifest. */
  verifiedFiles: string[];
}

/**
 * Checks a package (its directory, or the archive the API hands out): the manifest's hub
 * signature against a trust anchor (the hub CA certificate, or the hub's extract signing
 * certificate), and every file against the manifest's size and SHA-256, with no file missing
 * and none added.
 */
export async function verifyPackage(location: string, trustAnchorPem: string): Promise<PackageVerification> {
  if ((await stat(location)).isDirectory()) return verifyDirectory(location, trustAnchorPem);
  const unpacked = await mkdtemp(path.join(tmpdir(), 'lantern-package-'));
  try {
    await untar(location, unpacked);
    return await verifyDirectory(unpacked, trustAnchorPem);
  } finally {
    await rm(unpacked, { recursive: true, force: true });
  }
}

async function verifyDirectory(directory: string, trustAnchorPem: string): Promise<PackageVerification> {
  const manifestBytes = await readFile(path.join(directory, MANIFEST)).catch(() => undefined);
  if (!manifestBytes) return { problems: [`${MANIFEST} is missing: this is not a Lantern extract package`], verifiedFiles: [] };
  const signature = await readFile(path.join(directory, MANIFEST_SIGNATURE), 'utf8').catch(() => undefined);
  const check: SignatureCheck =
    signature === undefined ? { problems: [`${MANIFEST_SIGNATURE} is missing: the manifest is not signed`] } : verifyDetachedSignature(signature, manifestBytes, trustAnchorPem);
  const problems = [...check.problems];
  let manifest: PackageManifest;
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8')) as PackageManifest;
  } catch {
    return { problems: [...problems, `${MANIFEST} is not JSON`], signer: check.signer, verifiedFiles: [] };
  }
  const verifiedFiles: string[] = [];
  for (const file of manifest.files ?? []) {
    const actual = await digestOf(path.join(directory, path.basename(file.name)));
    if (!actual) problems.push(`${file.name}: listed in the manifest but missing`);
    else if (actual.sha256 !== file.sha256 || actual.bytes !== file.bytes) problems.push(`${file.name}: its SHA-256 does not match the manifest (the file was altered)`);
    else verifiedFiles.push(file.name);
  }
  const listed = new Set([MANIFEST, MANIFEST_SIGNATURE, ...(manifest.files ?? []).map((file) => file.name)]);
  for (const name of (await readdir(directory)).sort()) if (!listed.has(name)) problems.push(`${name}: not in the manifest (a file was added)`);
  return { problems, manifest, signer: check.signer, verifiedFiles };
}

async function digestOf(file: string): Promise<{ sha256: string; bytes: number } | undefined> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(file)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  } catch {
    return undefined;
  }
  return { sha256: hash.digest('hex'), bytes };
}
