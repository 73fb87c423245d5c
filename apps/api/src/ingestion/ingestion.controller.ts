import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '@lantern/access';
import { type Principal, Role } from '@lantern/governance';
import { parseProducerRegistration } from '@lantern/ingest';
import { QueryParameters } from '../query-parameters';
import { ListRejectsCommand, ReplayRejectsCommand } from './ingestion.commands';
import { IngestionStatusQuery, ListRejectsQuery, ProducingSystemsQuery, RegisterProducingSystemUseCase, RemoveProducingSystemUseCase, ReplayRejectsUseCase } from './ingestion.use-cases';

const NAMES = { type: 'array', items: { type: 'string' } } as const;
const PRODUCER = {
  producerId: { type: 'string', pattern: '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$', description: 'No dots: no producer’s topic prefix may be the start of another’s' },
  sourceSystems: { ...NAMES, minItems: 1, maxItems: 20, description: 'The envelopes’ sourceSystem values it may publish as' },
  agencyIds: { ...NAMES, maxItems: 20, description: 'The agencies its Handle with Care flags may name' },
  educationOrganizationIds: {
    type: 'array',
    items: { type: 'string', pattern: '^[1-9][0-9]{0,17}$' },
    maxItems: 500,
    description: 'The districts and schools its records may be about (an enrolment decides who may read a child); a school counts when it or its district is listed',
  },
} as const;
const REGISTERED_PRODUCER = {
  type: 'object',
  properties: {
    ...PRODUCER,
    username: { type: 'string', description: 'Its Kafka login (SASL/SCRAM-SHA-512 over TLS)' },
    topicPrefix: { type: 'string', description: 'It may write every topic starting with this, and nothing else' },
    registeredBy: { type: 'string' },
    registeredAt: { type: 'string', format: 'date-time' },
  },
} as const;

@ApiTags('ingestion (stewards)')
@Controller('ingest')
@Authenticated({ roles: [Role.Steward] })
export class IngestionController {
  constructor(
    private readonly status: IngestionStatusQuery,
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

  @Post('producers')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Register a producing system (or re-register it: a new password, the old one stops working): what it may publish as, its topics and its Kafka login; audited',
    description: 'The answer carries the password this once; the hub keeps only the broker’s salted SCRAM form. Returns once the login works.',
  })
  @ApiBody({ schema: { type: 'object', required: ['producerId', 'sourceSystems'], properties: PRODUCER } })
  @ApiCreatedResponse({
    schema: {
      type: 'object',
      properties: {
        ...PRODUCER,
        username: REGISTERED_PRODUCER.properties.username,
        password: { type: 'string', description: 'Shown once' },
        topicPrefix: REGISTERED_PRODUCER.properties.topicPrefix,
        topics: { ...NAMES, description: 'Its own topics, one per contract' },
      },
    },
  })
  register(@Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.registerProducer.run(parseProducerRegistration(body), steward);
  }

  @Delete('producers/:producerId')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a producing system: its Kafka login is deleted and its ACLs revoked, then its registration; audited',
    description: 'For a district that leaves or a login that leaked. Its topics stay; anything left on them is rejected at stage producer.',
  })
  async remove(@Param('producerId') producerId: string, @CurrentPrincipal() steward: Principal) {
    await this.removeProducer.run(producerId, steward);
  }

  @Get('producers')
  @ApiOperation({ summary: 'Registered producing systems, their Kafka logins and topic prefixes (never a password)' })
  @ApiOkResponse({ schema: { type: 'object', properties: { producers: { type: 'array', items: REGISTERED_PRODUCER } } } })
  listProducers() {
    return this.producers.run();
  }
}
