import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '@lantern/access';
import { Role } from '@lantern/governance';
import { QueryParameters } from '../query-parameters';
import { OrganizationDisclosuresCommand } from './disclosures.commands';
import { OrganizationDisclosuresQuery, StudentDisclosuresQuery } from './disclosures.queries';

/** The record of disclosures (FERPA 34 CFR 99.32), for stewards. */
@ApiTags('disclosures (stewards)')
@Controller('disclosures')
@Authenticated({ roles: [Role.Steward] })
export class DisclosuresController {
  constructor(
    private readonly studentDisclosures: StudentDisclosuresQuery,
    private readonly organizationDisclosures: OrganizationDisclosuresQuery,
  ) {}

  @Get('students/:sid')
  @ApiOperation({ summary: 'Every disclosure of one student’s records, newest first: who, when, which elements, under which agreement and purpose' })
  forStudent(@Param('sid') sid: string) {
    return this.studentDisclosures.run(sid);
  }

  @Get('organizations/:organizationId')
  @ApiOperation({ summary: 'Disclosures an organisation received, newest first' })
  @ApiQuery({ name: 'beforeId', required: false })
  @ApiQuery({ name: 'limit', required: false })
  forOrganization(@Param('organizationId') organizationId: string, @QueryParameters() query: Record<string, string>) {
    return this.organizationDisclosures.run(OrganizationDisclosuresCommand.from(organizationId, query));
  }
}
