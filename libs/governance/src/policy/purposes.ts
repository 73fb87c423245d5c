/**
 * Purpose codes the hub's own endpoints state when they ask the policy decision point. An
 * agreement allows an endpoint's disclosures only if its purpose code is the one here.
 */
export const PURPOSES = {
  /** A school or district reading the records of students currently enrolled with it. */
  enrolledStudentRecords: 'enrolled-student-records',
  /** A research project receiving a de-identified extract. */
  research: 'research',
  /** A partner agency's Handle with Care notice to the school where a child is currently enrolled. */
  handleWithCare: 'handle-with-care',
  /** A school's or district's early-warning watch list of students currently enrolled with it. */
  earlyWarning: 'early-warning',
} as const;
