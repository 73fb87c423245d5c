/**
 * Purpose codes the hub's own endpoints state when they ask the policy decision point. An
 * agreement allows an endpoint's disclosures only if its purpose code is the one here.
 */
export const PURPOSES = {
  /** A school or district reading the records of students currently enrolled with it. */
  enrolledStudentRecords: 'enrolled-student-records',
} as const;
