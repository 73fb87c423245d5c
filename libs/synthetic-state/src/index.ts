export { syntheticState } from './synthetic-state';
export type { SyntheticStateOptions, SyntheticStateSummary } from './synthetic-state';
export { stateLayout, FIRST_DISTRICT_ID } from './layout';
export type { StateLayout, SyntheticDistrict, SyntheticSchool, SchoolLevel } from './layout';
export { schoolCalendar } from './calendar';
export * as SYNTHETIC_DESCRIPTORS from './descriptors';
