import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '@lantern/access';
import { type Principal, Role } from '@lantern/governance';
import { ContractRegistry } from '@lantern/contracts';
import { parseProducerRegistration, rejectStages } from '@lantern/ingest';
import { QueryParameters } from '../query-parameters';
import { IngestionHistoryCommand, ListRejectsCommand, ReplayRejectsCommand } from './ingestion.commands';
import { ingestionSchema } from './ingestion.schemas';
import {
  IngestionHistoryQuery,
  IngestionStatusQuery,
  ListRejectsQuery,
  ProducingSystemsQuery,
  RegisterProducingSystemUseCase,
  RemoveProducingSystemUseCase,
  ReplayRejectsUseCase,
} from './ingestion.use-cases';

@ApiTags('ingestion (stewards)')
@Controller('ingest')
@Authenticated({ roles: [Role.Steward] })
export class IngestionController {
  constructor(
    private readonly status: IngestionStatusQuery,
    private readonly history: IngestionHistoryQuery,
    private readonly listRejects: ListRejectsQuery,
    private readonly replayRejects: ReplayRejectsUseCase,
    private readonly registerProducer: RegisterProducingSystemUseCase,
    private readonly producers: ProducingSystemsQuery,
    private readonly removeProducer: RemoveProducingSystemUseCase,
  ) {}

  @Get('status')
  @ApiOperation({
    summary:
      'Received, stored, duplicate and rejected messages per topic and source; consumer lag per topic; per source, records resolved with a field compared as missing (counts by field)',
  })
  @ApiOkResponse({ schema: ingestionSchema('IngestionStatus') })
  getStatus() {
    return this.status.run();
  }

  @Get('history')
  @ApiOperation({
    summary: 'Hour by hour, oldest first: messages received, stored (parked ones in the hour of their release), duplicates, rejected and newly parked',
    description: 'All source systems, or one. Hours before the hub kept these counts, and hours without traffic, are zeros; consumer lag is only known now (GET /ingest/status).',
  })
  @ApiQuery({ name: 'hours', type: Number, required: false, description: '1 to 168, 24 by default; the last is the current hour', example: 24 })
  @ApiQuery({ name: 'sourceSystem', type: String, required: false, example: 'lea-255901.sis' })
  @ApiOkResponse({ schema: ingestionSchema('IngestionHistory') })
  @ApiBadRequestResponse({ description: 'hours is not a whole number from 1 to 168' })
  getHistory(@QueryParameters() query: Record<string, string>) {
    return this.history.run(IngestionHistoryCommand.from(query));
  }

  @Get('rejects')
  @ApiOperation({ summary: 'Rejected messages with reasons, newest first' })
  @ApiQuery({ name: 'sourceSystem', type: String, required: false, example: 'lea-255901.sis' })
  @ApiQuery({ name: 'contract', type: String, required: false, example: 'edfi.student' })
  @ApiQuery({ name: 'stage', enum: rejectStages(ContractRegistry.default()), required: false, example: 'schema' })
  @ApiQuery({ name: 'from', type: String, required: false, description: 'RFC 3339', example: '2026-09-01T00:00:00Z' })
  @ApiQuery({ name: 'to', type: String, required: false, description: 'RFC 3339', example: '2026-09-30T00:00:00Z' })
  @ApiQuery({ name: 'beforeId', type: Number, required: false, description: 'The previous page’s nextBeforeId', example: 42 })
  @ApiQuery({ name: 'limit', type: Number, required: false, description: '1 to 500, 100 by default', example: 100 })
  @ApiOkResponse({ schema: ingestionSchema('RejectPage') })
  @ApiBadRequestResponse({ description: 'A filter that is not one of these, or malformed' })
  getRejects(@QueryParameters() query: Record<string, string>) {
    return this.listRejects.run(ListRejectsCommand.from(query));
  }

  @Post('rejects/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send selected rejects through ingestion again (after a fix)' })
  @ApiBody({ schema: ingestionSchema('ReplayRequest') })
  @ApiAcceptedResponse({ schema: ingestionSchema('ReplayResult') })
  @ApiBadRequestResponse({ description: 'ids is not a list of 1 to 1000 reject ids' })
  replay(@Body() body: unknown) {
    return this.replayRejects.run(ReplayRejectsCommand.from(body));
  }

  @Post('producers')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Register a producing system (or re-register it: a new password, the old one stops working): what it may publish as, its topics and its Kafka login; audited',
    description: 'The answer carries the password this once; the hub keeps only the broker’s salted SCRAM form. Returns once the login works.',
  })
  @ApiBody({ schema: ingestionSchema('ProducerRegistration') })
  @ApiCreatedResponse({ schema: ingestionSchema('RegisteredProducerLogin') })
  @ApiBadRequestResponse({ description: 'A registration that is not as described' })
  register(@Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.registerProducer.run(parseProducerRegistration(body), steward);
  }

  @Delete('producers/:producerId')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a producing system: its Kafka login is deleted and its ACLs revoked, then its registration; audited',
    description: 'For a district that leaves or a login that leaked. Its topics stay; anything left on them is rejected at stage producer.',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ description: 'No producing system has this id' })
  async remove(@Param('producerId') producerId: string, @CurrentPrincipal() steward: Principal) {
    await this.removeProducer.run(producerId, steward);
  }

  @Get('producers')
  @ApiOperation({ summary: 'Registered producing systems, their Kafka logins and topic prefixes (never a password)' })
  @ApiOkResponse({ schema: ingestionSchema('ProducingSystems') })
  listProducers() {
    return this.producers.run();
  }
}
