/** The person the browser tests sign in to the console as, through the development identity provider. */
export const CONSOLE_STEWARD = { subject: 'e2e-steward', name: 'Robin Okafor', role: 'steward', organizationId: 'state' } as const;
