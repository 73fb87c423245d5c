import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '@lantern/access';
import { type Principal, Role } from '@lantern/governance';
import { StudentRecordsQuery } from './student-records.query';

@ApiTags('k12')
@Controller('k12/students')
export class StudentsController {
  constructor(private readonly students: StudentRecordsQuery) {}

  @Get(':studentUniqueId')
  @Authenticated({ roles: [Role.Steward, Role.School, Role.District] })
  @ApiOperation({ summary: 'Current Ed-Fi Student record from each source system, with lineage (schools and districts: their enrolled students only)' })
  @ApiNotFoundResponse({ description: 'No such student, or not one the caller may see (the two are not told apart)' })
  current(@Param('studentUniqueId') studentUniqueId: string, @CurrentPrincipal() principal: Principal) {
    return this.students.current(studentUniqueId, principal);
  }
}
