export * from './data-source';

