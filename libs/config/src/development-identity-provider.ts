/**
 * The path every issuer of the development identity provider ends with (libs/provisioning runs it
 * for `npm start` and the tests). The API knows that provider by this path and refuses it in production.
 */
export const DEVELOPMENT_IDENTITY_PROVIDER_PATH = '/lantern-development-idp';
