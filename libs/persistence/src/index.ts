export * from './data-source';
export * from './database-failures';
export * from './service-login';
