export * from './threshold-store';
export * from './watch-list-records';
