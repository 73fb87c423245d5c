import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, parseNewConsolePerson } from '@lantern/access';
import { type Principal, Role } from '@lantern/governance';
import { consoleSchema } from './console.schemas';
import { AddPersonUseCase, PeopleQuery, RemovePersonUseCase } from './console.use-cases';

@ApiTags('console (stewards)')
@Controller('console/people')
@Authenticated({ roles: [Role.Steward] })
export class PeopleController {
  constructor(
    private readonly people: PeopleQuery,
    private readonly addPerson: AddPersonUseCase,
    private readonly removePerson: RemovePersonUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'People who may sign in to the console, each with the role and organisation they act as' })
  @ApiOkResponse({ schema: consoleSchema('ConsolePeople') })
  list() {
    return this.people.list();
  }

  @Post()
  @ApiOperation({ summary: "Register a person by their identity provider's issuer and subject, with a role, an organisation and a display name" })
  @ApiBody({ schema: consoleSchema('NewConsolePerson') })
  @ApiCreatedResponse({ schema: consoleSchema('ConsolePerson') })
  @ApiBadRequestResponse({ description: 'An issuer that is not a URL, or a subject, role, organizationId or displayName that is not allowed' })
  @ApiConflictResponse({ description: 'That issuer and subject are registered already' })
  add(@Body() body: unknown, @CurrentPrincipal() steward: Principal) {
    return this.addPerson.run(parseNewConsolePerson(body), steward);
  }

  @Delete(':personId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a person: they can no longer sign in, and their sessions end at once' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ description: 'No person has that personId' })
  async remove(@Param('personId') personId: string, @CurrentPrincipal() steward: Principal): Promise<void> {
    await this.removePerson.run(personId, steward);
  }
}
