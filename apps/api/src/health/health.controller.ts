import { type ArgumentsHost, Catch, Controller, type ExceptionFilter, Get, ServiceUnavailableException, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck } from '@nestjs/terminus';
import { Public } from '@lantern/access';
import type { Response } from 'express';
import { LivenessCheck, ReadinessCheck } from './health.use-cases';

/** A 503 readiness answer keeps its up or down per dependency (load balancers read the status, people which one is down). */
@Catch(ServiceUnavailableException)
export class ReadinessAnswerFilter implements ExceptionFilter {
  catch(answer: ServiceUnavailableException, host: ArgumentsHost) {
    host.switchToHttp().getResponse<Response>().status(503).json(answer.getResponse());
  }
}

@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly liveness: LivenessCheck,
    private readonly readiness: ReadinessCheck,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up' })
  @HealthCheck()
  live() {
    return this.liveness.run();
  }

  @Get('ready')
  @UseFilters(ReadinessAnswerFilter)
  @ApiOperation({ summary: 'PostgreSQL and Kafka answer: up or down for each, never why (that is logged under the errorId of a down answer)' })
  @HealthCheck()
  ready() {
    return this.readiness.run();
  }
}
