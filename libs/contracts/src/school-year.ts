/** The month (1–12) an Ed-Fi school year starts in: schoolYearTypeReference 2027 runs from 1 July 2026 to 30 June 2027. */
export const SCHOOL_YEAR_FIRST_MONTH = 7;

/** The Ed-Fi school year a day of `year`'s `month` (1–12) falls in: named by the year it ends in. */
export function schoolYearOfMonth(year: number, month: number): number {
  return month >= SCHOOL_YEAR_FIRST_MONTH ? year + 1 : year;
}
