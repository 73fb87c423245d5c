export * from './settings';
export * from './development-identity-provider';
