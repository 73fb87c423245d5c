import { Module } from '@nestjs/common';
import { IngestionController } from './ingestion.controller';
import { IngestionStatusQuery, ListRejectsQuery, ReplayRejectsUseCase } from './ingestion.use-cases';

/** Ingestion as stewards see it: status and consumer lag, rejects with reasons, replay after a fix. */
@Module({
  controllers: [IngestionController],
  providers: [IngestionStatusQuery, ListRejectsQuery, ReplayRejectsUseCase],
})
export class IngestionModule {}
