export * from './school-calendar';
export * from './care-settings';
export * from './flag-issuers';
