import { type ArgumentsHost, Body, Catch, Controller, type ExceptionFilter, Header, Headers, HttpCode, Inject, Post, UseFilters } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Limited, OAuthError, Public } from '@lantern/access';
import { routeOf } from '@lantern/observability';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { LOGGER_TOKEN } from '../hub-connections';
import { accessSchema } from './access.schemas';
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

/** A refusal in RFC 6749's shape (the filter above writes it), described as such in the API document. */
function oauthError(description: string, example: { error: string; error_description: string }) {
  return { description, content: { 'application/json': { schema: accessSchema('OAuthError'), example } } };
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
  @ApiBody({ schema: accessSchema('TokenRequest') })
  @ApiOkResponse({ schema: accessSchema('AccessToken') })
  @ApiBadRequestResponse(oauthError('invalid_request or unsupported_grant_type', { error: 'unsupported_grant_type', error_description: 'Only grant_type=client_credentials is supported.' }))
  @ApiUnauthorizedResponse(oauthError('invalid_client, with a WWW-Authenticate challenge', { error: 'invalid_client', error_description: 'The client could not be authenticated.' }))
  token(@Headers('authorization') authorization: string | undefined, @Body() body: unknown) {
    return this.issueToken.run(authorization, body);
  }
}
