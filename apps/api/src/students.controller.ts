import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { StudentRecordsQuery } from './student-records.query';

@ApiTags('k12')
@Controller('k12/students')
export class StudentsController {
  constructor(private readonly students: StudentRecordsQuery) {}

  @Get(':studentUniqueId')
  @ApiOperation({ summary: 'Current Ed-Fi Student record from each source system, with lineage' })
  current(@Param('studentUniqueId') studentUniqueId: string) {
    return this.students.current(studentUniqueId);
  }
}
