export * from './lantern-error';
