import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, parseNewClient } from '@lantern/access';
import { type Principal, Role } from '@lantern/governance';
import { accessSchema } from './access.schemas';
import { ClientQueries, DisableClientUseCase, RegisterClientUseCase } from './access.use-cases';

const REGISTRATION = { schema: accessSchema('ClientRegistration') };
const NO_SUCH_CLIENT = { description: 'No client has that clientId' };

@ApiTags('access (stewards)')
@Controller('clients')
@Authenticated({ roles: [Role.Steward] })
export class ClientsController {
  constructor(
    private readonly registerClient: RegisterClientUseCase,
    private readonly clients: ClientQueries,
    private readonly disableClient: DisableClientUseCase,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register an API client; the answer carries its secret, shown this once' })
  @ApiBody({ schema: accessSchema('NewClient') })
  @ApiCreatedResponse({ schema: accessSchema('RegisteredClient') })
  @ApiBadRequestResponse({ description: 'A role, organizationId or displayName that is not allowed' })
  register(@Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.registerClient.run(parseNewClient(body), steward);
  }

  @Get()
  @ApiOperation({ summary: 'Registered API clients (never their secrets)' })
  @ApiOkResponse({ schema: accessSchema('ClientRegistrations') })
  list() {
    return this.clients.list();
  }

  @Get(':clientId')
  @ApiOperation({ summary: 'One registered API client' })
  @ApiOkResponse(REGISTRATION)
  @ApiNotFoundResponse(NO_SUCH_CLIENT)
  get(@Param('clientId') clientId: string) {
    return this.clients.get(clientId);
  }

  @Post(':clientId/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable a client: its tokens and certificates stop working at once' })
  @ApiOkResponse(REGISTRATION)
  @ApiNotFoundResponse(NO_SUCH_CLIENT)
  disable(@Param('clientId') clientId: string, @CurrentPrincipal() steward: Principal) {
    return this.disableClient.run(clientId, steward);
  }
}
