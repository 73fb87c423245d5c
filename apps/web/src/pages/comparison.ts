// Which schools a comparison holds: in the compare page's address (?schools=id,id), so a reload or a
// shared link shows the same schools, and remembered on this device, so "Add to comparison" on a
// school's page adds to the comparison the visitor last saw.

/** The most schools a comparison holds: more columns of bars and numbers stop being readable side by side. */
export const MAX_COMPARED = 4;

const REMEMBERED = 'lantern.comparison';
const SCHOOL_ID = /^[1-9][0-9]{0,15}$/;

/** The school ids in `?schools=`, in order, each once; anything that is no school id is ignored. */
export function comparedSchoolIds(parameter: string | null): string[] {
  return [...new Set((parameter ?? '').split(',').map((id) => id.trim()))].filter((id) => SCHOOL_ID.test(id));
}

/**
 * The compare page's address for these schools (commas left readable), keeping a chosen year. It always
 * names the schools, even none: only a bare /compare stands for "the comparison I last saw".
 */
export function comparisonPath(schoolIds: readonly string[], year?: number): string {
  return `/compare?schools=${schoolIds.join(',')}${year === undefined ? '' : `&year=${year}`}`;
}

export function rememberComparison(schoolIds: readonly string[]): void {
  localStorage.setItem(REMEMBERED, schoolIds.join(','));
}

export function rememberedComparison(): string[] {
  return comparedSchoolIds(localStorage.getItem(REMEMBERED)).slice(0, MAX_COMPARED);
}
