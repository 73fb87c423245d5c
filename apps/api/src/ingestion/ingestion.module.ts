import { Module } from '@nestjs/common';
import { IngestionController } from './ingestion.controller';
import { IngestionStatusQuery, ListRejectsQuery, ProducingSystemsQuery, RegisterProducingSystemUseCase, RemoveProducingSystemUseCase, ReplayRejectsUseCase } from './ingestion.use-cases';

/** Ingestion as stewards see it: status and consumer lag, rejects with reasons, replay after a fix, the producing systems and their Kafka logins (registered and removed). */
@Module({
  controllers: [IngestionController],
  providers: [IngestionStatusQuery, ListRejectsQuery, ReplayRejectsUseCase, RegisterProducingSystemUseCase, ProducingSystemsQuery, RemoveProducingSystemUseCase],
})
export class IngestionModule {}
