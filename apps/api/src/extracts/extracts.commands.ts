import { LanternError, LanternErrorCode } from '@lantern/errors';
import { elementRefOf, parseExtractSpecification, parseProjectSubmission, type ExtractSpecification, type ProjectSubmission } from '@lantern/extracts';
import type { ElementRef } from '@lantern/governance';

const MAX_REASON = 2000;

function invalid(detail: string): never {
  throw new LanternError(LanternErrorCode.InvalidRequest, detail);
}

/** POST /research/projects body. */
export class SubmitProjectCommand {
  private constructor(readonly submission: ProjectSubmission) {}

  static from(body: unknown): SubmitProjectCommand {
    return new SubmitProjectCommand(parseProjectSubmission(body));
  }
}

/** POST /research/projects/:id/extract-requests body. */
export class SubmitExtractRequestCommand {
  private constructor(
    readonly projectId: string,
    readonly specification: ExtractSpecification,
  ) {}

  static from(projectId: string, body: unknown): SubmitExtractRequestCommand {
    return new SubmitExtractRequestCommand(projectId, parseExtractSpecification(body));
  }
}

/** POST /research/extract-requests/:id/approve body: optionally the narrower set of elements approved. */
export class ApproveExtractCommand {
  private constructor(
    readonly requestId: string,
    readonly narrowedTo: ElementRef[] | undefined,
  ) {}

  static from(requestId: string, body: unknown): ApproveExtractCommand {
    const { elements } = (typeof body === 'object' && body !== null ? body : {}) as { elements?: unknown };
    if (elements === undefined) return new ApproveExtractCommand(requestId, undefined);
    if (!Array.isArray(elements) || elements.length === 0 || !elements.every((element) => typeof element === 'string' && element.includes('.'))) {
      invalid('elements must be a non-empty list of requested element names such as "edfi.student.birthDate"');
    }
    return new ApproveExtractCommand(requestId, (elements as string[]).map(elementRefOf));
  }
}

/** POST /research/extract-requests/:id/refuse body. */
export class RefuseExtractCommand {
  private constructor(
    readonly requestId: string,
    readonly reason: string,
  ) {}

  static from(requestId: string, body: unknown): RefuseExtractCommand {
    const { reason } = (typeof body === 'object' && body !== null ? body : {}) as { reason?: unknown };
    if (typeof reason !== 'string' || reason.trim().length === 0 || reason.length > MAX_REASON) invalid(`reason must be 1 to ${MAX_REASON} characters`);
    return new RefuseExtractCommand(requestId, reason.trim());
  }
}

/** POST /research/extract-requests/:id/package/encrypted body: the certificate to encrypt to. */
export class EncryptedDownloadCommand {
  private constructor(
    readonly requestId: string,
    readonly certificatePem: string,
  ) {}

  static from(requestId: string, body: unknown): EncryptedDownloadCommand {
    const { certificatePem } = (typeof body === 'object' && body !== null ? body : {}) as { certificatePem?: unknown };
    if (typeof certificatePem !== 'string' || !certificatePem.includes('BEGIN CERTIFICATE')) invalid('certificatePem must be a PEM certificate the hub issued to your client');
    return new EncryptedDownloadCommand(requestId, certificatePem);
  }
}
