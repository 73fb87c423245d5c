import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@lantern/access';
import { MetricsScrape } from './health.use-cases';

@ApiExcludeController()
@Controller('metrics')
@Public()
export class MetricsController {
  constructor(private readonly metrics: MetricsScrape) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  scrape() {
    return this.metrics.run();
  }
}
