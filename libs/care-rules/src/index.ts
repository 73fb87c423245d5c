export * from './school-calendar';
export * from './care-settings';
