export { DisclosureLog } from './disclosure-log';
export type { DisclosureEntry, DisclosurePage } from './disclosure-log';
