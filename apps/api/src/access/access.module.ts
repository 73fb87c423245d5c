import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import {
  AccessGuard,
  accessKeyMaterial,
  AccessTokens,
  Authenticator,
  CertificateRegistry,
  ClientCredentialsGrant,
  ClientRegistry,
  ConcurrencyLimit,
  ConsoleSessions,
  HubCertificateAuthority,
  PeopleRegistry,
  RequestLimits,
  SigningKeyRing,
  WindowLimit,
} from '@lantern/access';
import { AuditLog } from '@lantern/audit';
import type { Logger } from 'pino';
import type { ApiSettings } from '../api-settings';
import { HubConnections } from '../hub-connections';
import {
  ClientCertificatesQuery,
  ClientQueries,
  DisableClientUseCase,
  IssueAccessTokenUseCase,
  IssueCertificateUseCase,
  RegisterClientUseCase,
  RevokeCertificateUseCase,
} from './access.use-cases';
import { CertificatesController } from './certificates.controller';
import { ClientsController } from './clients.controller';
import { MutualTlsListener, mutualTlsConfigured } from './mutual-tls-listener';
import { OAuthTokenController } from './oauth-token.controller';

/**
 * Who the caller is: keys from configuration (a bad setting stops start-up here, in one
 * line), client and certificate registries, the token endpoint, the guard every request
 * passes (default deny), request limits, the mutual-TLS listener, and the stewards' client and
 * certificate routes. Global: other modules use the hub CA, the client and certificate registries and the
 * request limits (@Limited routes); the console module the people registry and the sessions, which the guard reads too.
 */
@Module({})
export class AccessModule {
  static forRoot(settings: ApiSettings, logger: Logger): DynamicModule {
    const { signingKeys, certificateAuthority } = accessKeyMaterial(settings);
    const perWindow = (limit: number) => new WindowLimit({ limit, windowSeconds: settings.API_LIMIT_WINDOW_SECONDS });
    // Checked now, so a half-configured HTTPS listener stops start-up rather than being skipped.
    mutualTlsConfigured(settings);
    // Key ids are not secret; they tell an operator which key signs and which still verify.
    logger.info({ kids: signingKeys.kids, activeKid: signingKeys.activeKid }, 'access token signing keys loaded');
    if (signingKeys.ephemeral || certificateAuthority.ephemeral) {
      logger.warn('LANTERN_DEV_EPHEMERAL_KEYS: throwaway signing key and CA; tokens and certificates die with this process');
    }
    return {
      module: AccessModule,
      global: true,
      controllers: [OAuthTokenController, ClientsController, CertificatesController],
      providers: [
        { provide: SigningKeyRing, useValue: signingKeys },
        { provide: HubCertificateAuthority, useValue: certificateAuthority },
        { provide: ClientRegistry, useFactory: (connections: HubConnections, audit: AuditLog) => new ClientRegistry(connections.dataSource, audit), inject: [HubConnections, AuditLog] },
        { provide: AccessTokens, useFactory: (keys: SigningKeyRing) => new AccessTokens(keys, settings.LANTERN_ACCESS_TOKEN_SECONDS), inject: [SigningKeyRing] },
        {
          provide: CertificateRegistry,
          useFactory: (connections: HubConnections, authority: HubCertificateAuthority, clients: ClientRegistry, audit: AuditLog) =>
            new CertificateRegistry(connections.dataSource, authority, clients, audit),
          inject: [HubConnections, HubCertificateAuthority, ClientRegistry, AuditLog],
        },
        { provide: PeopleRegistry, useFactory: (connections: HubConnections, audit: AuditLog) => new PeopleRegistry(connections.dataSource, audit), inject: [HubConnections, AuditLog] },
        {
          provide: ConsoleSessions,
          useFactory: (connections: HubConnections, audit: AuditLog) =>
            new ConsoleSessions(connections.dataSource, audit, { idleMinutes: settings.CONSOLE_SESSION_IDLE_MINUTES, lifetimeHours: settings.CONSOLE_SESSION_HOURS }),
          inject: [HubConnections, AuditLog],
        },
        {
          provide: Authenticator,
          useFactory: (tokens: AccessTokens, clients: ClientRegistry, certificates: CertificateRegistry, sessions: ConsoleSessions) =>
            new Authenticator(tokens, clients, certificates, sessions),
          inject: [AccessTokens, ClientRegistry, CertificateRegistry, ConsoleSessions],
        },
        {
          provide: ClientCredentialsGrant,
          useFactory: (clients: ClientRegistry, tokens: AccessTokens, audit: AuditLog) =>
            new ClientCredentialsGrant(clients, tokens, audit, {
              failuresPerClient: perWindow(settings.API_TOKEN_FAILURES_PER_CLIENT),
              secretChecks: new ConcurrencyLimit(settings.API_SECRET_CHECKS_AT_ONCE, settings.API_SECRET_CHECKS_QUEUED),
            }),
          inject: [ClientRegistry, AccessTokens, AuditLog],
        },
        { provide: APP_GUARD, useClass: AccessGuard },
        {
          provide: RequestLimits,
          useValue: new RequestLimits({
            token: { perAddress: perWindow(settings.API_TOKEN_REQUESTS_PER_ADDRESS) },
            'care-flags': { perAddress: perWindow(settings.API_CARE_FLAGS_PER_ADDRESS), perClient: perWindow(settings.API_CARE_FLAGS_PER_CLIENT) },
            public: { perAddress: perWindow(settings.API_PUBLIC_REQUESTS_PER_ADDRESS) },
          }),
        },
        MutualTlsListener,
        IssueAccessTokenUseCase,
        RegisterClientUseCase,
        ClientQueries,
        DisableClientUseCase,
        IssueCertificateUseCase,
        ClientCertificatesQuery,
        RevokeCertificateUseCase,
      ],
      exports: [HubCertificateAuthority, ClientRegistry, CertificateRegistry, RequestLimits, PeopleRegistry, ConsoleSessions],
    };
  }
}
