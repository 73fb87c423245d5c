import { type ArgumentsHost, Body, Catch, Controller, type ExceptionFilter, Header, Headers, HttpCode, Inject, Post, UseFilters } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Limited, OAuthError, Public } from '@lantern/access';
import { routeOf } from '@lantern/observability';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { LOGGER_TOKEN } from '../hub-connections';
import { IssueAccessTokenUseCase } from './access.use-cases';

/** RFC 6749 §5.2 error responses: OAuth client libraries parse these, not problem details. */
@Catch(OAuthError)
export class OAuthErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER_TOKEN) private readonly logger: Logger) {}

  catch(error: OAuthError, host: ArgumentsHost) {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    this.logger.warn({ route: routeOf(request), method: request.method, status: error.status, error: error.error }, 'token request refused');
    if (error.status === 401) response.setHeader('WWW-Authenticate', 'Basic realm="lantern"');
    response.status(error.status).setHeader('Cache-Control', 'no-store').json({ error: error.error, error_description: error.description });
  }
}

@ApiTags('authentication')
@Controller('oauth')
export class OAuthTokenController {
  constructor(private readonly issueToken: IssueAccessTokenUseCase) {}

  @Public()
  @Limited('token')
  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @UseFilters(OAuthErrorFilter)
  @ApiOperation({ summary: 'OAuth2 client credentials grant: a short-lived bearer token for a registered client (HTTP Basic or form credentials)' })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({
    schema: { type: 'object', required: ['grant_type'], properties: { grant_type: { enum: ['client_credentials'] }, client_id: { type: 'string' }, client_secret: { type: 'string' } } },
  })
  token(@Headers('authorization') authorization: string | undefined, @Body() body: unknown) {
    return this.issueToken.run(authorization, body);
  }
}
