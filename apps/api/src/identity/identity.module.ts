import { Module } from '@nestjs/common';
import { IdentityController } from './identity.controller';
import { IdentityModelUseCases, IdentityQueries, IdentityStewardshipUseCases } from './identity.use-cases';

/** The crosswalk, a SID's records, the review queue, merges and splits, model versions, for stewards. */
@Module({
  controllers: [IdentityController],
  providers: [IdentityQueries, IdentityStewardshipUseCases, IdentityModelUseCases],
})
export class IdentityModule {}
