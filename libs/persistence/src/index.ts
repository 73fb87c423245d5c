export * from './data-source';
export * from './stored-version';
