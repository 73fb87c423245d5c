export * from './thresholds';
export * from './school-year';
export * from './indicators';
export * from './watch-list';
export * from './release';
