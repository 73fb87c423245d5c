import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { LivenessCheck, MetricsScrape, ReadinessCheck } from './health.use-cases';
import { MetricsController } from './metrics.controller';

/** Public operational endpoints: liveness, readiness (PostgreSQL and Kafka) and Prometheus metrics. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, MetricsController],
  providers: [LivenessCheck, ReadinessCheck, MetricsScrape],
})
export class HealthModule {}
