import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck } from '@nestjs/terminus';
import { Public } from '@lantern/access';
import { LivenessCheck, ReadinessCheck } from './health.use-cases';

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
  @ApiOperation({ summary: 'PostgreSQL and Kafka answer' })
  @HealthCheck()
  ready() {
    return this.readiness.run();
  }
}
