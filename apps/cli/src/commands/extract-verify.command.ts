import { verifyPackage, type PackageVerification } from '@lantern/extracts';
import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EXIT_USAGE, UsageError, type Command, type CommandIo } from '../command';

const USAGE = `Usage: lantern extract verify <package> [--ca <hub-certificate.pem>]

Checks a research extract package, as downloaded (.tar) or unpacked (a directory): the hub's
PKCS#7 signature over manifest.json, and every file against the manifest's size and SHA-256,
with none missing and none added. Says what fails, file by file.

Options:
  --ca <file>  the hub's signing certificate (GET /research/signing-certificate); without it
               the signature is checked only against the certificate it carries
  -h, --help   show this help

Exit status: 0 when the package is intact and signed; 1 when anything fails; 2 for bad arguments.
`;

interface VerifyArguments {
  help: boolean;
  location?: string;
  ca?: string;
}

function parseVerifyArguments(args: string[]): VerifyArguments {
  try {
    const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: { help: { type: 'boolean', short: 'h', default: false }, ca: { type: 'string' } } });
    if (values.help) return { help: true };
    if (positionals.length !== 1) throw new UsageError('give exactly one package: a .tar file or a directory');
    return { help: false, location: positionals[0], ca: values.ca };
  } catch (error) {
    throw error instanceof UsageError ? error : new UsageError((error as Error).message);
  }
}

function render(location: string, verification: PackageVerification, caChecked: boolean): string {
  const lines: string[] = [];
  if (verification.signer) lines.push(`signed by: ${verification.signer.subject} (sha256 fingerprint ${verification.signer.fingerprintSha256})`);
  if (verification.problems.length === 0) {
    const { manifest } = verification;
    lines.push(
      `package ${location} verified: ${verification.verifiedFiles.length} files match the signed manifest${manifest ? ` (extract request ${manifest.requestId}, ${manifest.releasedPeople} people, built ${manifest.builtAt})` : ''}`,
    );
    if (!caChecked) lines.push('note: the signer was not checked against the hub certificate; pass --ca to do so');
  } else {
    lines.push(`package ${location} FAILED verification:`, ...verification.problems.map((problem) => `  - ${problem}`));
  }
  return `${lines.join('\n')}\n`;
}

export const extractVerifyCommand: Command = {
  words: ['extract', 'verify'],
  summary: 'check a research extract package’s signature and checksums, naming whatever fails',
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
    if (parsed.help || !parsed.location) {
      io.stdout.write(USAGE);
      return 0;
    }
    const exists = await stat(parsed.location).catch(() => undefined);
    if (!exists) {
      io.stderr.write(`lantern extract verify: ${parsed.location}: no such file or directory\n`);
      return 1;
    }
    const ca = parsed.ca === undefined ? undefined : await readFile(parsed.ca, 'utf8').catch(() => undefined);
    if (parsed.ca !== undefined && ca === undefined) {
      io.stderr.write(`lantern extract verify: --ca ${parsed.ca}: cannot read the certificate file\n`);
      return 1;
    }
    const verification = await verifyPackage(parsed.location, ca);
    (verification.problems.length === 0 ? io.stdout : io.stderr).write(render(parsed.location, verification, ca !== undefined));
    return verification.problems.length === 0 ? 0 : 1;
  },
};
