import { DisclosureControlError } from '../values';
import { defineHierarchy, type GeneralisationHierarchy } from './hierarchy';

const GRADE_BANDS: Readonly<Record<string, readonly string[]>> = {
  PK: ['PK', 'Preschool/Prekindergarten'],
  'K-2': ['K', 'KG', 'Kindergarten', '1', 'First grade', '2', 'Second grade'],
  '3-5': ['3', 'Third grade', '4', 'Fourth grade', '5', 'Fifth grade'],
  '6-8': ['6', 'Sixth grade', '7', 'Seventh grade', '8', 'Eighth grade'],
  '9-12': ['9', 'Ninth grade', '10', 'Tenth grade', '11', 'Eleventh grade', '12', 'Twelfth grade'],
};

const BAND_OF_GRADE: ReadonlyMap<string, string> = new Map(Object.entries(GRADE_BANDS).flatMap(([band, grades]) => grades.map((grade) => [grade.toLowerCase(), band])));

/**
 * Grade → grade band (PK, K-2, 3-5, 6-8, 9-12) → '*'. Accepts Ed-Fi grade level descriptors
 * ("uri://ed-fi.org/GradeLevelDescriptor#Tenth grade" or "Tenth grade") and short codes
 * ("K", "10", "07"); level 0 keeps the value as recorded.
 */
export function gradeBandHierarchy(element = 'grade'): GeneralisationHierarchy {
  return defineHierarchy(element, [{ name: 'grade band', coarsen: (recorded) => gradeBand(element, recorded) }]);
}

function gradeBand(element: string, recorded: string | number | boolean): string {
  const codeValue = String(recorded)
    .slice(String(recorded).lastIndexOf('#') + 1)
    .trim();
  const band = BAND_OF_GRADE.get(/^\d+$/.test(codeValue) ? String(Number(codeValue)) : codeValue.toLowerCase());
  if (band === undefined) throw new DisclosureControlError(`a value of ${element} is not a grade from PK to 12`);
  return band;
}
