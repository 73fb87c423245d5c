import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module';
import { DisclosuresModule } from '../disclosures/disclosures.module';
import { EarlyWarningController } from './early-warning.controller';
import type { ApiSettings } from '../api-settings';
import { API_SETTINGS_TOKEN } from '../hub-connections';
import { DistrictThresholdsUseCases, WatchListQuery } from './early-warning.use-cases';
import { WATCH_LIST_DAY, watchListDayOf } from './watch-list-day';

/** The early-warning watch list for schools and districts, released under agreements, each view a recorded disclosure; districts' thresholds. */
@Module({
  imports: [AgreementsModule, DisclosuresModule],
  controllers: [EarlyWarningController],
  providers: [WatchListQuery, DistrictThresholdsUseCases, { provide: WATCH_LIST_DAY, useFactory: (settings: ApiSettings) => watchListDayOf(settings), inject: [API_SETTINGS_TOKEN] }],
})
export class EarlyWarningModule {}
