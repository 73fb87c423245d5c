import { Injectable } from '@nestjs/common';
import { type CertificateRequest, CertificateRegistry, ClientCredentialsGrant, ClientRegistry, type NewClient, type RevocationReason } from '@lantern/access';
import type { Principal } from '@lantern/governance';

/** POST /oauth/token: client credentials (HTTP Basic or form) for a short-lived bearer token. */
@Injectable()
export class IssueAccessTokenUseCase {
  constructor(private readonly grant: ClientCredentialsGrant) {}

  run(authorization: string | undefined, body: unknown) {
    return this.grant.exchange({ authorization, body });
  }
}

@Injectable()
export class RegisterClientUseCase {
  constructor(private readonly clients: ClientRegistry) {}

  run(client: NewClient, steward: Principal) {
    return this.clients.register(client, steward.clientId);
  }
}

@Injectable()
export class ClientQueries {
  constructor(private readonly clients: ClientRegistry) {}

  list() {
    return this.clients.list();
  }

  get(clientId: string) {
    return this.clients.get(clientId);
  }
}

@Injectable()
export class DisableClientUseCase {
  constructor(private readonly clients: ClientRegistry) {}

  run(clientId: string, steward: Principal) {
    return this.clients.disable(clientId, steward.clientId);
  }
}

@Injectable()
export class IssueCertificateUseCase {
  constructor(private readonly certificates: CertificateRegistry) {}

  run(clientId: string, request: CertificateRequest, steward: Principal) {
    return this.certificates.issue(clientId, request, steward.clientId);
  }
}

@Injectable()
export class ClientCertificatesQuery {
  constructor(private readonly certificates: CertificateRegistry) {}

  run(clientId: string) {
    return this.certificates.listFor(clientId);
  }
}

@Injectable()
export class RevokeCertificateUseCase {
  constructor(private readonly certificates: CertificateRegistry) {}

  run(serialNumber: string, reason: RevocationReason, steward: Principal) {
    return this.certificates.revoke(serialNumber, reason, steward.clientId);
  }
}
