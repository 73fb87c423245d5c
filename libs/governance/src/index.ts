export * from './principal';
export * from './agreements/agreement';
export * from './agreements/agreement-terms';
export * from './agreements/agreement-status';
export * from './agreements/agreement-lifecycle';
export * from './policy/decide';
export * from './disclosures/disclosure';
