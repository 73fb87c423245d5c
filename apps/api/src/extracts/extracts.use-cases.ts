import { Injectable, StreamableFile } from '@nestjs/common';
import { HubCertificateAuthority } from '@lantern/access';
import { ExtractRequests, releasedStudentsFile, ResearchProjects, tarDirectory } from '@lantern/extracts';
import type { Principal } from '@lantern/governance';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ApproveExtractCommand, RefuseExtractCommand, SubmitExtractRequestCommand, SubmitProjectCommand } from './extracts.commands';

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

/** The package as one tar archive, after the download is decided and recorded as a disclosure. */
@Injectable()
export class DownloadPackageUseCase {
  constructor(private readonly requests: ExtractRequests) {}

  async run(requestId: string, researcher: Principal): Promise<StreamableFile> {
    const { packagePath } = await this.requests.releasePackage(requestId, researcher, readReleasedStudents);
    return new StreamableFile(Readable.from(tarDirectory(packagePath)), {
      type: 'application/x-tar',
      disposition: `attachment; filename="lantern-extract-${requestId}.tar"`,
    });
  }
}

async function readReleasedStudents(packagePath: string): Promise<string[]> {
  const lines = (await readFile(releasedStudentsFile(packagePath), 'utf8')).split('\r\n').filter(Boolean);
  return lines.slice(1);
}

/** The hub's signing certificate, to check packages against with `lantern extract verify --ca`. */
@Injectable()
export class SigningCertificateQuery {
  constructor(private readonly authority: HubCertificateAuthority) {}

  run() {
    return { certificatePem: this.authority.certificatePem };
  }
}
