/**
 * Who is calling. Role and organisation come from the client's registration (or its
 * certificate's), never from the request, so a client cannot raise its own role.
 */
export enum Role {
  Steward = 'steward',
  Researcher = 'researcher',
  Agency = 'agency',
  School = 'school',
  District = 'district',
}

export const ROLES: readonly Role[] = Object.values(Role);

export interface Principal {
  /**
   * The registered API client (OAuth2 client_id, or the client a certificate was issued to), or
   * for a person signed in to the console `person:<personId>`: what audit entries and disclosures name.
   */
  readonly clientId: string;
  readonly role: Role;
  /** The organisation the client acts for, e.g. an LEA id, a school id, an agency id. */
  readonly organizationId: string;
  /** How the caller proved who it is: a client's secret or certificate, or a person's console session (OpenID Connect). */
  readonly authenticatedBy: 'client-secret' | 'certificate' | 'console-session';
}
