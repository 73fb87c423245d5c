export * from './identity-resolution';
export * from './person-identity';
export * from './identity-event-relay';
export * from './identity-directory';
export * from './identity-stewardship';
export * from './identity-models';
