import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module';
import { DisclosuresModule } from '../disclosures/disclosures.module';
import { StudentRecordsQuery } from './student-records.query';
import { StudentsController } from './students.controller';

/** K-12 student reads: scoped to the caller's organisation, released under agreements, each a recorded disclosure. */
@Module({
  imports: [AgreementsModule, DisclosuresModule],
  controllers: [StudentsController],
  providers: [StudentRecordsQuery],
})
export class StudentsModule {}
