import { ApiProperty } from '@nestjs/swagger';

// OpenAPI shapes of the public school directory (components in /docs); the values come from
// libs/records' SchoolDirectory, and these classes only describe them.

export class PublicSchoolDistrict {
  @ApiProperty({ example: '255901', description: 'Ed-Fi LocalEducationAgencyId' })
  districtId!: string;

  @ApiProperty({ example: 'Grand Bend ISD', nullable: true, type: String, description: "The district's name; null until its own record has arrived" })
  name!: string | null;
}

export class PublicSchoolAddress {
  @ApiProperty({ example: '1200 Main Street' })
  streetNumberName!: string;

  @ApiProperty({ example: null, nullable: true, type: String })
  apartmentRoomSuiteNumber!: string | null;

  @ApiProperty({ example: 'Grand Bend' })
  city!: string;

  @ApiProperty({ example: 'TX', description: 'Ed-Fi StateAbbreviationDescriptor code value' })
  state!: string;

  @ApiProperty({ example: '78701' })
  postalCode!: string;
}

export class PublicSchool {
  @ApiProperty({ example: '255901001', description: 'Ed-Fi SchoolId' })
  schoolId!: string;

  @ApiProperty({ example: 'Grand Bend High School' })
  name!: string;

  @ApiProperty({ example: 'GBHS', nullable: true, type: String })
  shortName!: string | null;

  @ApiProperty({ type: PublicSchoolDistrict, nullable: true, description: 'The district its School record names' })
  district!: PublicSchoolDistrict | null;

  @ApiProperty({ type: PublicSchoolAddress, nullable: true, description: 'The physical address when the record gives one, else its first' })
  address!: PublicSchoolAddress | null;

  @ApiProperty({
    type: [String],
    example: ['Ninth grade', 'Tenth grade', 'Eleventh grade', 'Twelfth grade'],
    description: 'Ed-Fi GradeLevelDescriptor code values, as the School record lists them',
  })
  gradeLevels!: string[];

  @ApiProperty({ example: 'https://gbhs.example.org', nullable: true, type: String })
  webSite!: string | null;
}

export class PublicSchoolPage {
  @ApiProperty({ example: 1 })
  page!: number;

  @ApiProperty({ example: 20 })
  pageSize!: number;

  @ApiProperty({ example: 1, description: 'Schools matching the search, over all pages' })
  total!: number;

  @ApiProperty({ type: [PublicSchool] })
  schools!: PublicSchool[];
}
