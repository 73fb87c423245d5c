import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Limited, Public } from '@lantern/access';
import { QueryParameters } from '../query-parameters';
import { PublicSchool, PublicSchoolPage } from './public-school.schemas';
import { PublicSchoolsQuery } from './public-schools.query';

/** Directory facts change when a district sends a new School record: caches keep them briefly and revalidate by ETag. */
const CACHEABLE = 'public, max-age=300';

@ApiTags('public')
@Controller('public/schools')
@Public()
export class PublicSchoolsController {
  constructor(private readonly schools: PublicSchoolsQuery) {}

  @Get()
  @Limited('public')
  @Header('Cache-Control', CACHEABLE)
  @ApiOperation({
    summary: 'Search the school directory by name, district or city (no sign-in)',
    description: 'Schools from the current Ed-Fi School and LocalEducationAgency records, by name, 20 a page. Answers carry an ETag; send If-None-Match to get 304.',
  })
  @ApiQuery({ name: 'q', type: String, required: false, description: "Words in the school's name, its district's name or its city", example: 'grand bend' })
  @ApiQuery({ name: 'district', required: false, description: 'Only schools of this district (LocalEducationAgencyId)', example: '255901' })
  @ApiQuery({ name: 'city', required: false, description: 'Only schools in this city (whole name, any case)', example: 'Grand Bend' })
  @ApiQuery({ name: 'page', type: Number, required: false, description: 'Page of results, from 1', example: 1 })
  @ApiOkResponse({ type: PublicSchoolPage })
  @ApiBadRequestResponse({ description: 'A parameter that is not one of these, or out of range: problem details' })
  search(@QueryParameters() query: Record<string, string>) {
    return this.schools.search(query);
  }

  @Get(':schoolId')
  @Limited('public')
  @Header('Cache-Control', CACHEABLE)
  @ApiOperation({ summary: "A school's directory facts: name, district, address, grades (no sign-in)" })
  @ApiOkResponse({ type: PublicSchool })
  @ApiNotFoundResponse({ description: 'No current School record has this id' })
  school(@Param('schoolId') schoolId: string) {
    return this.schools.school(schoolId);
  }
}
