import { Controller, Get, Param } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '@lantern/access';
import { type Principal, Role } from '@lantern/governance';
import { QueryParameters } from '../query-parameters';
import { StudentRecordsQuery } from './student-records.query';
import { studentsSchema } from './students.schemas';

@ApiTags('k12')
@Controller('k12/students')
export class StudentsController {
  constructor(private readonly students: StudentRecordsQuery) {}

  @Get(':studentUniqueId')
  @Authenticated({ roles: [Role.Steward, Role.School, Role.District] })
  @ApiOperation({
    summary: 'Current Ed-Fi Student record from each source system, with lineage',
    description:
      'Schools and districts: their enrolled students only, the elements an active data-sharing agreement allows, generalised as it says; each read is in the record of disclosures.',
  })
  @ApiQuery({ name: 'elements', type: String, required: false, description: 'Comma-separated edfi.student elements (default: all)', example: 'firstName,lastSurname,birthDate' })
  @ApiOkResponse({ schema: studentsSchema('StudentRecords') })
  @ApiBadRequestResponse({ description: 'elements names something that is not an edfi.student element' })
  @ApiForbiddenResponse({ description: 'No active agreement allows these elements for this caller (the same answer for every student)' })
  @ApiNotFoundResponse({ description: 'No such student, or not one the caller may see (the two are not told apart)' })
  current(@Param('studentUniqueId') studentUniqueId: string, @QueryParameters() query: Record<string, string>, @CurrentPrincipal() principal: Principal) {
    return this.students.run(studentUniqueId, query, principal);
  }
}
