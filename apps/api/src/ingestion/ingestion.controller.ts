import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '@lantern/access';
import { Role } from '@lantern/governance';
import { QueryParameters } from '../query-parameters';
import { ListRejectsCommand, ReplayRejectsCommand } from './ingestion.commands';
import { IngestionStatusQuery, ListRejectsQuery, ReplayRejectsUseCase } from './ingestion.use-cases';

@ApiTags('ingestion (stewards)')
@Controller('ingest')
@Authenticated({ roles: [Role.Steward] })
export class IngestionController {
  constructor(
    private readonly status: IngestionStatusQuery,
    private readonly listRejects: ListRejectsQuery,
    private readonly replayRejects: ReplayRejectsUseCase,
  ) {}

  @Get('status')
  @ApiOperation({ summary: 'Received, stored, duplicate and rejected messages per topic and source; consumer lag per topic' })
  getStatus() {
    return this.status.run();
  }

  @Get('rejects')
  @ApiOperation({ summary: 'Rejected messages with reasons, newest first' })
  @ApiQuery({ name: 'sourceSystem', required: false })
  @ApiQuery({ name: 'contract', required: false })
  @ApiQuery({ name: 'stage', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'RFC 3339' })
  @ApiQuery({ name: 'to', required: false, description: 'RFC 3339' })
  @ApiQuery({ name: 'beforeId', required: false })
  @ApiQuery({ name: 'limit', required: false })
  getRejects(@QueryParameters() query: Record<string, string>) {
    return this.listRejects.run(ListRejectsCommand.from(query));
  }

  @Post('rejects/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send selected rejects through ingestion again (after a fix)' })
  replay(@Body() body: unknown) {
    return this.replayRejects.run(ReplayRejectsCommand.from(body));
  }
}
