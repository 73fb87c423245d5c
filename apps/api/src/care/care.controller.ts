import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, Limited } from '@lantern/access';
import { type Principal, Role } from '@lantern/governance';
import { FLAG_STATUS_CODES } from '@lantern/care-notices';
import { QueryParameters } from '../query-parameters';
import { careSchema } from './care.schemas';
import { AgencyFlagsCommand, CareFlagReference, IssueCareFlagCommand, ReplaceSchoolCalendarCommand } from './care.commands';
import {
  AcknowledgeCareNoticeUseCase,
  AgencyFlagsQuery,
  CareFlagStatusQuery,
  CareInboxQuery,
  CareReportQuery,
  IssueCareFlagUseCase,
  RegisterNoticeReaderUseCase,
  RemoveNoticeReaderUseCase,
  ReplaceSchoolCalendarUseCase,
  RevokeCareFlagUseCase,
} from './care.use-cases';

const FLAG_BODY = { schema: careSchema('CareFlag'), description: 'A partner.careFlag record (contracts/partner/care-flag.v1.schema.json): no reason or narrative, unknown fields refused' };
const FLAG_STATUS = { schema: careSchema('CareFlagStatus') };
const NO_SUCH_FLAG = { description: 'This agency has no flag with that flagId' };
const NOT_A_FLAG_ID = { description: 'flagId is not 1 to 64 characters' };
const SECURED_KAFKA_ONLY = { description: 'The hub’s Kafka connection is not secured (SASL/SCRAM over TLS), so it gives no logins' };

/** Handle with Care flags, for the agencies that issue them. */
@ApiTags('handle with care (agencies)')
@Controller('care/flags')
@Authenticated({ roles: [Role.Agency] })
export class CareFlagsController {
  constructor(
    private readonly issueFlag: IssueCareFlagUseCase,
    private readonly revokeFlag: RevokeCareFlagUseCase,
    private readonly agencyFlags: AgencyFlagsQuery,
    private readonly flagStatus: CareFlagStatusQuery,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The flags this agency’s organisation issued (over HTTP or Kafka), newest first, 20 a page; never another agency’s' })
  @ApiQuery({ name: 'status', required: false, enum: [...FLAG_STATUS_CODES], description: 'Only flags with this status' })
  @ApiQuery({ name: 'page', type: Number, required: false, description: 'Page of results, from 1', example: 1 })
  @ApiOkResponse({ schema: careSchema('CareFlagList') })
  @ApiBadRequestResponse({ description: 'status or page malformed' })
  list(@QueryParameters() query: Record<string, string>, @CurrentPrincipal() agency: Principal) {
    return this.agencyFlags.run(AgencyFlagsCommand.from(query), agency);
  }

  @Post()
  @Limited('care-flags')
  @ApiOperation({ summary: 'Issue a flag (or correct the one with the same flagId): one notice per school of current enrolment that an agreement lets this agency tell' })
  @ApiBody(FLAG_BODY)
  @ApiCreatedResponse(FLAG_STATUS)
  @ApiBadRequestResponse({ description: 'Not a partner.careFlag record, an event date in the future, or an expiry before today' })
  @ApiConflictResponse({ description: 'This flag was revoked; issue a new flag with a new flagId' })
  issue(@Body() body: unknown, @CurrentPrincipal() agency: Principal) {
    return this.issueFlag.run(IssueCareFlagCommand.from(body), agency);
  }

  @Get(':flagId')
  @ApiOperation({ summary: 'The flag’s status and each notice’s delivery and acknowledgement; nothing about the school' })
  @ApiOkResponse(FLAG_STATUS)
  @ApiBadRequestResponse(NOT_A_FLAG_ID)
  @ApiNotFoundResponse(NO_SUCH_FLAG)
  status(@Param('flagId') flagId: string, @CurrentPrincipal() agency: Principal) {
    return this.flagStatus.run(CareFlagReference.from(flagId), agency);
  }

  @Post(':flagId/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke: every notice leaves the schools’ inboxes; the audit trail stays' })
  @ApiOkResponse(FLAG_STATUS)
  @ApiBadRequestResponse(NOT_A_FLAG_ID)
  @ApiNotFoundResponse(NO_SUCH_FLAG)
  revoke(@Param('flagId') flagId: string, @CurrentPrincipal() agency: Principal) {
    return this.revokeFlag.run(CareFlagReference.from(flagId), agency);
  }
}

/** The notices a school's designated contacts, or the district contact, receive. */
@ApiTags('handle with care (schools)')
@Controller('care')
@Authenticated({ roles: [Role.School, Role.District] })
export class CareNoticesController {
  constructor(
    private readonly inbox: CareInboxQuery,
    private readonly acknowledgeNotice: AcknowledgeCareNoticeUseCase,
  ) {}

  @Get('inbox')
  @ApiOperation({ summary: 'Open notices: the student’s name and school id, the words “Handle with Care”, times; each read is audited' })
  @ApiOkResponse({ schema: careSchema('CareInbox') })
  open(@CurrentPrincipal() reader: Principal) {
    return this.inbox.run(reader);
  }

  @Post('notices/:noticeId/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge a notice (stops its escalation to the district contact)' })
  @ApiOkResponse({ schema: careSchema('CareNotice') })
  @ApiNotFoundResponse({ description: 'No open notice with this id in the caller’s inbox' })
  acknowledge(@Param('noticeId') noticeId: string, @CurrentPrincipal() reader: Principal) {
    return this.acknowledgeNotice.run(noticeId, reader);
  }
}

/** What stewards run: the aggregate report, the school calendars, and schools' Kafka logins for their notices (given and taken away). */
@ApiTags('handle with care (stewards)')
@Controller('care')
@Authenticated({ roles: [Role.Steward] })
export class CareStewardshipController {
  constructor(
    private readonly report: CareReportQuery,
    private readonly replaceCalendar: ReplaceSchoolCalendarUseCase,
    private readonly registerReader: RegisterNoticeReaderUseCase,
    private readonly removeReader: RemoveNoticeReaderUseCase,
  ) {}

  @Get('reports/flags-per-district-month')
  @ApiOperation({ summary: 'Flags per district per month, small cells suppressed' })
  @ApiOkResponse({ schema: careSchema('CareFlagsPerDistrictMonth') })
  flagsPerDistrictMonth() {
    return this.report.run();
  }

  @Post('calendars/:organizationId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace a school’s or district’s non-school weekdays (holidays, breaks)' })
  @ApiBody({ schema: careSchema('SchoolCalendarDays') })
  @ApiOkResponse({ schema: careSchema('SchoolCalendar') })
  @ApiBadRequestResponse({ description: 'organizationId or a date malformed, or too many dates' })
  calendar(@Param('organizationId') organizationId: string, @Body() body: unknown) {
    return this.replaceCalendar.run(ReplaceSchoolCalendarCommand.from(organizationId, body));
  }

  @Post('notice-readers/:organizationId')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Give a school or district a Kafka login that reads only its own notice topic, in consumer groups under its own prefix; audited',
    description: 'Registering it again gives a new password and stops the old one. The answer carries the password this once; the hub keeps none. Returns once the login works.',
  })
  @ApiCreatedResponse({ schema: careSchema('NoticeReaderLogin') })
  @ApiBadRequestResponse({ description: 'organizationId is not an educationOrganizationId' })
  @ApiConflictResponse(SECURED_KAFKA_ONLY)
  noticeReader(@Param('organizationId') organizationId: string, @CurrentPrincipal() steward: Principal) {
    return this.registerReader.run(organizationId, steward);
  }

  @Delete('notice-readers/:organizationId')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Take a school’s or district’s notice login away: its Kafka credential is deleted and its ACLs revoked; audited',
    description: 'For a school that closes or a password that leaked. Its notice topic stays; registering it again gives a new login. 404 when it has no login.',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiBadRequestResponse({ description: 'organizationId is not an educationOrganizationId' })
  @ApiNotFoundResponse({ description: 'It has no notice login' })
  @ApiConflictResponse(SECURED_KAFKA_ONLY)
  async removeNoticeReader(@Param('organizationId') organizationId: string, @CurrentPrincipal() steward: Principal) {
    await this.removeReader.run(organizationId, steward);
  }
}
