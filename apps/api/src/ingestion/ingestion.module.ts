import { Module } from '@nestjs/common';
import { IngestionController } from './ingestion.controller';
import { IngestionStatusQuery, ListRejectsQuery, ProducingSystemsQuery, RegisterProducingSystemUseCase, ReplayRejectsUseCase } from './ingestion.use-cases';

/** Ingestion as stewards see it: status and consumer lag, rejects with reasons, replay after a fix, the producing systems and their Kafka logins. */
@Module({
  controllers: [IngestionController],
  providers: [IngestionStatusQuery, ListRejectsQuery, ReplayRejectsUseCase, RegisterProducingSystemUseCase, ProducingSystemsQuery],
})
export class IngestionModule {}
