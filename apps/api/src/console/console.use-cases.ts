import { Injectable } from '@nestjs/common';
import { type ConsoleSession, ConsoleSessions, ConsoleSignIn, type NewConsolePerson, type PendingSignIn, PeopleRegistry } from '@lantern/access';
import type { Principal } from '@lantern/governance';

/** GET /auth/sign-in and /auth/callback: the OpenID Connect round trip to the identity provider. */
@Injectable()
export class SignInUseCase {
  constructor(private readonly signIn: ConsoleSignIn) {}

  begin(returnTo: unknown) {
    return this.signIn.begin(returnTo);
  }

  complete(query: string, pending: PendingSignIn | undefined, address: string | undefined) {
    return this.signIn.complete(query, pending, address);
  }
}

@Injectable()
export class SignOutUseCase {
  constructor(private readonly sessions: ConsoleSessions) {}

  run(sessionToken: string, session: ConsoleSession) {
    return this.sessions.end(sessionToken, session.person);
  }
}

@Injectable()
export class PeopleQuery {
  constructor(private readonly people: PeopleRegistry) {}

  list() {
    return this.people.list();
  }
}

@Injectable()
export class AddPersonUseCase {
  constructor(private readonly people: PeopleRegistry) {}

  run(person: NewConsolePerson, steward: Principal) {
    return this.people.add(person, steward.clientId);
  }
}

@Injectable()
export class RemovePersonUseCase {
  constructor(private readonly people: PeopleRegistry) {}

  run(personId: string, steward: Principal) {
    return this.people.remove(personId, steward.clientId);
  }
}
