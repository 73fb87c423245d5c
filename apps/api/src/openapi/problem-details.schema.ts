import { ApiProperty } from '@nestjs/swagger';

/** RFC 9457 problem details as libs/observability's ProblemDetailsFilter writes them: the body of every error answer (components in /docs). */
export class ProblemDetails {
  @ApiProperty({
    example: 'urn:lantern:problem:invalid_request',
    description: 'urn:lantern:problem: and the domain error code in lower case (invalid_request, record_not_found, conflict, …), http-<status> for a framework refusal, internal for a fault',
  })
  type!: string;

  @ApiProperty({ example: 'Invalid request' })
  title!: string;

  @ApiProperty({ example: 400, description: 'The HTTP status, repeated' })
  status!: number;

  @ApiProperty({ example: 'stage must be one of size, decode, envelope, contract, schema, resolve, write', description: 'What went wrong, in words; never a child’s data' })
  detail!: string;

  @ApiProperty({ example: '/ingest/rejects', description: 'The route template, never the concrete URL (a path can carry a student’s identifier)' })
  instance!: string;

  @ApiProperty({ example: '6f1c2b9e-8d47-4a43-9a55-0c1f3e7d2a10', format: 'uuid', description: 'Also in the API’s log line for this answer: quote it when reporting a problem' })
  errorId!: string;
}
