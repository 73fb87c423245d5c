import { Injectable, StreamableFile } from '@nestjs/common';
import { CertificateRegistry, type ClientRegistration, ClientRegistry, HubCertificateAuthority } from '@lantern/access';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { assertEncryptableTo, envelopedFor, ExtractRequests, ResearchProjects, tarDirectory } from '@lantern/extracts';
import { type Principal, Role } from '@lantern/governance';
import type { X509Certificate } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ApproveExtractCommand, EncryptedDownloadCommand, RefuseExtractCommand, SubmitExtractRequestCommand, SubmitProjectCommand } from './extracts.commands';

@Injectable()
export class SubmitProjectUseCase {
  constructor(private readonly projects: ResearchProjects) {}

  run(command: SubmitProjectCommand, researcher: Principal) {
    return this.projects.submit(command.submission, researcher);
  }
}

@Injectable()
export class ProjectQueries {
  constructor(private readonly projects: ResearchProjects) {}

  list(viewer: Principal) {
    return this.projects.list(viewer);
  }

  get(id: string, viewer: Principal) {
    return this.projects.get(id, viewer);
  }
}

@Injectable()
export class SubmitExtractRequestUseCase {
  constructor(private readonly requests: ExtractRequests) {}

  run(command: SubmitExtractRequestCommand, researcher: Principal) {
    return this.requests.submit(command.projectId, command.specification, researcher);
  }
}

/** The policy decision on a draft request, before the researcher submits it. */
@Injectable()
export class PreviewExtractRequestUseCase {
  constructor(private readonly requests: ExtractRequests) {}

  run(command: SubmitExtractRequestCommand, researcher: Principal) {
    return this.requests.previewDraft(command.projectId, command.specification, researcher);
  }
}

@Injectable()
export class ExtractRequestQueries {
  constructor(private readonly requests: ExtractRequests) {}

  list(viewer: Principal) {
    return this.requests.list(viewer);
  }

  get(id: string, viewer: Principal) {
    return this.requests.get(id, viewer);
  }

  /** What the policy decision point says of the request as submitted, before the steward decides. */
  policyReview(id: string, steward: Principal) {
    return this.requests.preview(id, steward);
  }
}

@Injectable()
export class ApproveExtractUseCase {
  constructor(private readonly requests: ExtractRequests) {}

  run(command: ApproveExtractCommand, steward: Principal) {
    return this.requests.approve(command.requestId, command.narrowedTo, steward);
  }
}

@Injectable()
export class RefuseExtractUseCase {
  constructor(private readonly requests: ExtractRequests) {}

  run(command: RefuseExtractCommand, steward: Principal) {
    return this.requests.refuse(command.requestId, command.reason, steward);
  }
}

/**
 * Whose hub-issued certificates a researcher may have a package encrypted to (docs/console.md): a
 * client, its own; a person signed in to the console, those of their organisation's researcher
 * clients. Never another organisation's. Only a current certificate (issued by the hub, not revoked, in
 * its validity period, its client active) is accepted: CertificateRegistry.holderOf decides that.
 */
function mayEncryptTo(researcher: Principal, holder: ClientRegistration): boolean {
  if (holder.role !== Role.Researcher || holder.organizationId !== researcher.organizationId) return false;
  return researcher.authenticatedBy === 'console-session' || holder.clientId === researcher.clientId;
}

/** The current certificates a researcher may encrypt a package to, for the console to offer: never a key, only what names the certificate. */
@Injectable()
export class EncryptionCertificatesQuery {
  constructor(
    private readonly clients: ClientRegistry,
    private readonly certificates: CertificateRegistry,
  ) {}

  async list(researcher: Principal) {
    const holders = (await this.clients.list()).filter((holder) => mayEncryptTo(researcher, holder));
    const offered = [];
    for (const holder of holders) {
      // Only those holderOf would accept now, so the page offers none the download then refuses.
      for (const { serialNumber, fingerprintSha256, subject, notAfter } of await this.certificates.currentFor(holder.clientId)) {
        offered.push({ clientId: holder.clientId, clientName: holder.displayName, serialNumber, fingerprintSha256, subject, notAfter });
      }
    }
    return { certificates: offered };
  }
}

/**
 * The package as one tar archive, after the download is decided and recorded as a disclosure;
 * or that archive encrypted to a certificate the researcher may encrypt to (mayEncryptTo).
 */
@Injectable()
export class DownloadPackageUseCase {
  constructor(
    private readonly requests: ExtractRequests,
    private readonly certificates: CertificateRegistry,
  ) {}

  async run(requestId: string, researcher: Principal): Promise<StreamableFile> {
    const { packagePath } = await this.requests.releasePackage(requestId, researcher);
    return new StreamableFile(Readable.from(tarDirectory(packagePath)), {
      type: 'application/x-tar',
      disposition: `attachment; filename="lantern-extract-${requestId}.tar"`,
    });
  }

  async runEncrypted(command: EncryptedDownloadCommand, researcher: Principal): Promise<StreamableFile> {
    // Checked before anything is released: a refused certificate records no disclosure.
    await this.assertMayEncryptTo(command.certificatePem, researcher);
    const { packagePath } = await this.requests.releasePackage(command.requestId, researcher);
    return new StreamableFile(Readable.from(envelopedFor(command.certificatePem, tarDirectory(packagePath))), {
      type: 'application/pkcs7-mime; smime-type=enveloped-data',
      disposition: `attachment; filename="lantern-extract-${command.requestId}.tar.p7m"`,
    });
  }

  private async assertMayEncryptTo(certificatePem: string, researcher: Principal): Promise<void> {
    let certificate: X509Certificate;
    try {
      certificate = assertEncryptableTo(certificatePem);
    } catch (error) {
      throw new LanternError(LanternErrorCode.InvalidRequest, `certificatePem: ${(error as Error).message}`);
    }
    const check = await this.certificates.holderOf({ serialNumber: certificate.serialNumber, der: certificate.raw });
    if (!check.accepted || !mayEncryptTo(researcher, check.registration)) {
      throw new LanternError(
        LanternErrorCode.InvalidRequest,
        researcher.authenticatedBy === 'console-session'
          ? 'certificatePem: not a current certificate the hub issued to a researcher client of your organization'
          : 'certificatePem: not a current certificate the hub issued to your client',
      );
    }
  }
}

/** The hub CA certificate, which issued the extract signing certificate: the trust anchor for `lantern extract verify --ca`. */
@Injectable()
export class SigningCertificateQuery {
  constructor(private readonly authority: HubCertificateAuthority) {}

  run() {
    return { certificatePem: this.authority.certificatePem };
  }
}
