import { Module } from '@nestjs/common';
import { IngestionController } from './ingestion.controller';
import {
  IngestionHistoryQuery,
  IngestionStatusQuery,
  ListRejectsQuery,
  ProducingSystemsQuery,
  RegisterProducingSystemUseCase,
  RemoveProducingSystemUseCase,
  ReplayRejectsUseCase,
} from './ingestion.use-cases';

/** Ingestion as stewards see it: status and consumer lag, hour by hour counts, rejects with reasons, replay after a fix, the producing systems and their Kafka logins (registered and removed). */
@Module({
  controllers: [IngestionController],
  providers: [IngestionStatusQuery, IngestionHistoryQuery, ListRejectsQuery, ReplayRejectsUseCase, RegisterProducingSystemUseCase, ProducingSystemsQuery, RemoveProducingSystemUseCase],
})
export class IngestionModule {}
