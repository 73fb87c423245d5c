export * from './stored-version';
export * from './record-versions';
export * from './records-read-model';
export * from './school-directory';
export * from './outcome-facts';
