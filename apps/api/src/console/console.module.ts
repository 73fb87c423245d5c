import { type DynamicModule, Module } from '@nestjs/common';
import { consoleOidcConfiguration, ConsoleSessions, ConsoleSignIn, PeopleRegistry } from '@lantern/access';
import { AuditLog } from '@lantern/audit';
import type { Logger } from 'pino';
import type { ApiSettings } from '../api-settings';
import { AuthController } from './auth.controller';
import { AddPersonUseCase, PeopleQuery, RemovePersonUseCase, SignInUseCase, SignOutUseCase } from './console.use-cases';
import { PeopleController } from './people.controller';

/**
 * People's sign-in to the console with OpenID Connect (/auth/*) and the stewards' register of
 * those people (/console/people), ADR 0023. Without an identity provider configured the console
 * is off: none of these routes is served (404), and the log says so. Once signed in, a person's
 * requests pass the same guard, roles and organisation scoping as an API client's.
 */
@Module({})
export class ConsoleModule {
  static forRoot(settings: ApiSettings, logger: Logger): DynamicModule {
    const provider = consoleOidcConfiguration(settings);
    if (!provider) {
      logger.info('console off: no OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_REDIRECT_URI set');
      return { module: ConsoleModule };
    }
    logger.info({ issuer: provider.issuer.href, clientId: provider.clientId }, 'console sign-in with OpenID Connect');
    return {
      module: ConsoleModule,
      controllers: [AuthController, PeopleController],
      providers: [
        {
          provide: ConsoleSignIn,
          useFactory: (people: PeopleRegistry, sessions: ConsoleSessions, audit: AuditLog) => new ConsoleSignIn(provider, people, sessions, audit),
          inject: [PeopleRegistry, ConsoleSessions, AuditLog],
        },
        SignInUseCase,
        SignOutUseCase,
        PeopleQuery,
        AddPersonUseCase,
        RemovePersonUseCase,
      ],
    };
  }
}
