import { Controller, Get, Param } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '@lantern/access';
import { Role } from '@lantern/governance';
import { QueryParameters } from '../query-parameters';
import { OrganizationDisclosuresCommand, StudentDisclosuresCommand } from './disclosures.commands';
import { disclosuresSchema } from './disclosures.schemas';
import { OrganizationDisclosuresQuery, StudentDisclosuresQuery } from './disclosures.queries';

const BEFORE_ID = { name: 'beforeId', type: String, required: false, description: 'The previous page’s nextBeforeId', example: '1001' };
const LIMIT = { name: 'limit', type: Number, required: false, description: '1 to 500, 100 by default', example: 100 };
const MALFORMED_PAGE = { description: 'beforeId or limit malformed' };

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
  @ApiOperation({ summary: 'The disclosures of one student’s records, newest first: who, when, which elements, under which agreement and purpose' })
  @ApiQuery(BEFORE_ID)
  @ApiQuery(LIMIT)
  @ApiOkResponse({ schema: disclosuresSchema('StudentDisclosures'), description: 'An unknown SID and a student never disclosed answer alike: no disclosures' })
  @ApiBadRequestResponse(MALFORMED_PAGE)
  forStudent(@Param('sid') sid: string, @QueryParameters() query: Record<string, string>) {
    return this.studentDisclosures.run(StudentDisclosuresCommand.from(sid, query));
  }

  @Get('organizations/:organizationId')
  @ApiOperation({ summary: 'Disclosures an organisation received, newest first' })
  @ApiQuery(BEFORE_ID)
  @ApiQuery(LIMIT)
  @ApiOkResponse({ schema: disclosuresSchema('OrganizationDisclosures') })
  @ApiBadRequestResponse(MALFORMED_PAGE)
  forOrganization(@Param('organizationId') organizationId: string, @QueryParameters() query: Record<string, string>) {
    return this.organizationDisclosures.run(OrganizationDisclosuresCommand.from(organizationId, query));
  }
}
