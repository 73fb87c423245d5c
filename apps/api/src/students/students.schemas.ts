import { elementRef, storedVersion } from '../openapi/shared.schemas';
import { list, object, refTo, text, whole } from '../openapi/schema-builders';

// OpenAPI components of a student read (libs/records' versions, released under libs/governance's decision).

export const STUDENTS_SCHEMAS = {
  StudentRecords: object(
    {
      studentUniqueId: text('S-100'),
      versions: list(storedVersion, { description: 'The current version from each source system' }),
      release: object(
        {
          agreement: object({ id: text('3f2c8a40-1d6e-4b7a-9c51-2e8f0a6b7d93'), version: whole(1) }),
          elements: list(elementRef),
          disclosureId: text('1042', { description: 'Its entry in the record of disclosures' }),
        },
        { description: "A school's or district's read: the agreement it was released under, the elements and how finely; absent for stewards" },
      ),
    },
    { optional: ['release'] },
  ),
};

export const studentsSchema = refTo(STUDENTS_SCHEMAS);
