import { verifyPackage, type PackageVerification } from '@lantern/extracts';
import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EXIT_USAGE, UsageError, type Command, type CommandIo } from '../command';

const USAGE = `Usage: lantern extract verify <package> (--ca <hub-ca.pem> | --signing-cert <signing.pem>)

Checks a research extract package, as downloaded (.tar) or unpacked (a directory): the hub's
PKCS#7 signature over manifest.json, made by the hub's extract signing certificate (subject
CN=Lantern extract signing, O=Lantern; key usage digitalSignature alone) that the trust anchor
vouches for, and every file against the manifest's size and SHA-256, with none missing and none
added. Says what fails, file by file.

Trust anchor (exactly one):
  --ca <file>            the hub CA certificate (GET /research/signing-certificate): the
                         signer must be an extract signing certificate it issued
  --signing-cert <file>  the hub's extract signing certificate: the signer must be it
  -h, --help             show this help

Exit status: 0 when the package is intact and signed by the hub; 1 when anything fails; 2 for bad
arguments (a missing trust anchor among them).
`;

type VerifyArguments = { help: true } | { help: false; location: string; anchor: { option: string; file: string } };

function parseVerifyArguments(args: string[]): VerifyArguments {
  try {
    const { values, positionals } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: { help: { type: 'boolean', short: 'h', default: false }, ca: { type: 'string' }, 'signing-cert': { type: 'string' } },
    });
    if (values.help) return { help: true };
    if (positionals.length !== 1) throw new UsageError('give exactly one package: a .tar file or a directory');
    const anchors = (['ca', 'signing-cert'] as const).filter((option) => values[option] !== undefined);
    // Without a trust anchor a signature proves only that someone signed: anyone can make a certificate.
    if (anchors.length !== 1) throw new UsageError('give one trust anchor: --ca <hub CA certificate> or --signing-cert <hub extract signing certificate>');
    return { help: false, location: positionals[0], anchor: { option: `--${anchors[0]}`, file: values[anchors[0]] as string } };
  } catch (error) {
    throw error instanceof UsageError ? error : new UsageError((error as Error).message);
  }
}

function render(location: string, verification: PackageVerification): string {
  const lines: string[] = [];
  if (verification.signer) lines.push(`signed by: ${verification.signer.subject} (sha256 fingerprint ${verification.signer.fingerprintSha256})`);
  if (verification.problems.length === 0) {
    const { manifest } = verification;
    lines.push(
      `package ${location} verified: ${verification.verifiedFiles.length} files match the signed manifest${manifest ? ` (extract request ${manifest.requestId}, ${manifest.releasedPeople} people, built ${manifest.builtAt})` : ''}`,
    );
  } else {
    lines.push(`package ${location} FAILED verification:`, ...verification.problems.map((problem) => `  - ${problem}`));
  }
  return `${lines.join('\n')}\n`;
}

export const extractVerifyCommand: Command = {
  usage: USAGE,
  async run(args, io: CommandIo) {
    let parsed: VerifyArguments;
    try {
      parsed = parseVerifyArguments(args);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.stderr.write(`lantern extract verify: ${error.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    if (parsed.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    const exists = await stat(parsed.location).catch(() => undefined);
    if (!exists) {
      io.stderr.write(`lantern extract verify: ${parsed.location}: no such file or directory\n`);
      return 1;
    }
    const { option, file } = parsed.anchor;
    const anchor = await readFile(file, 'utf8').catch(() => undefined);
    if (anchor === undefined) {
      io.stderr.write(`lantern extract verify: ${option} ${file}: cannot read the certificate file\n`);
      return 1;
    }
    const verification = await verifyPackage(parsed.location, anchor);
    (verification.problems.length === 0 ? io.stdout : io.stderr).write(render(parsed.location, verification));
    return verification.problems.length === 0 ? 0 : 1;
  },
};
