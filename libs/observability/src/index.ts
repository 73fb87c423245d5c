export * from './json-logger';
export * from './problem-details.filter';
export * from './request-log.middleware';
export * from './metrics';
