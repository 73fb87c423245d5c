import { Module } from '@nestjs/common';
import { PublicIndicatorsController } from './public-indicators.controller';
import { PublicIndicatorsQuery } from './public-indicators.query';
import { PublicSchoolsController } from './public-schools.controller';
import { PublicSchoolsQuery } from './public-schools.query';

/** What anyone may read without signing in (/public/*): read-only, cacheable, limited per address; no child's data. */
@Module({
  controllers: [PublicSchoolsController, PublicIndicatorsController],
  providers: [PublicSchoolsQuery, PublicIndicatorsQuery],
})
export class PublicModule {}
