import { Module } from '@nestjs/common';
import { IdentityController } from './identity.controller';
import { IdentityQueries, IdentityStewardshipUseCases } from './identity.use-cases';

/** The crosswalk, a SID's records, the review queue, merges and splits, for stewards. */
@Module({
  controllers: [IdentityController],
  providers: [IdentityQueries, IdentityStewardshipUseCases],
})
export class IdentityModule {}
