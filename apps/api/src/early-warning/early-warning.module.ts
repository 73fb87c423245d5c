import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module';
import { DisclosuresModule } from '../disclosures/disclosures.module';
import { EarlyWarningController } from './early-warning.controller';
import { DistrictThresholdsUseCases, WatchListQuery } from './early-warning.use-cases';

/** The early-warning watch list for schools and districts, released under agreements, each view a recorded disclosure; districts' thresholds. */
@Module({
  imports: [AgreementsModule, DisclosuresModule],
  controllers: [EarlyWarningController],
  providers: [WatchListQuery, DistrictThresholdsUseCases],
})
export class EarlyWarningModule {}
