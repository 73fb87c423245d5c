export * from './school-calendar';
export * from './cell-suppression';
