export * from './json-logger';
export * from './problem-details.filter';
export * from './request-log.interceptor';
export * from './metrics';
