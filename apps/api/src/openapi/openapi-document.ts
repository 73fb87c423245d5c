import { type ArgumentsHost, HttpException, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, type OpenAPIObject, type SchemaObject, SwaggerModule } from '@nestjs/swagger';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { ProblemDetailsFilter } from '@lantern/observability';
import pino from 'pino';
import { ACCESS_SCHEMAS } from '../access/access.schemas';
import { AGREEMENTS_SCHEMAS } from '../agreements/agreements.schemas';
import { AUDIT_SCHEMAS } from '../audit/audit.schemas';
import { CARE_SCHEMAS } from '../care/care.schemas';
import { CONSOLE_SCHEMAS } from '../console/console.schemas';
import { DISCLOSURES_SCHEMAS } from '../disclosures/disclosures.schemas';
import { EARLY_WARNING_SCHEMAS } from '../early-warning/early-warning.schemas';
import { EXTRACTS_SCHEMAS } from '../extracts/extracts.schemas';
import { IDENTITY_SCHEMAS } from '../identity/identity.schemas';
import { INGESTION_SCHEMAS } from '../ingestion/ingestion.schemas';
import { OUTCOMES_SCHEMAS } from '../outcomes/outcomes.schemas';
import { STUDENTS_SCHEMAS } from '../students/students.schemas';
import { ProblemDetails } from './problem-details.schema';

const PROBLEM_MEDIA_TYPE = 'application/problem+json';
/** Examples name one errorId, so the committed document (apps/api/openapi.json) does not change from one generation to the next. */
const EXAMPLE_ERROR_ID = '6f1c2b9e-8d47-4a43-9a55-0c1f3e7d2a10';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/**
 * The problem the filter itself writes for each status (the domain error answered with it, an unexpected
 * fault for 500, otherwise a framework refusal), so an example cannot drift from what callers get.
 */
function problemExamples(): (status: number) => ProblemDetails {
  const filter = new ProblemDetailsFilter(pino({ level: 'silent' }));
  const answerTo = (exception: unknown) => {
    let body: ProblemDetails | undefined;
    const response = { setHeader: () => response, status: () => response, type: () => response, json: (sent: ProblemDetails) => void (body = sent) };
    const request = { method: 'GET', baseUrl: '', route: { path: '/route/:template' } };
    filter.catch(exception, { switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }) } as unknown as ArgumentsHost);
    const problem = body as ProblemDetails;
    return JSON.parse(JSON.stringify(problem).replaceAll(problem.errorId, EXAMPLE_ERROR_ID)) as ProblemDetails;
  };
  const examples = new Map<number, ProblemDetails>([[500, answerTo(new Error('an unexpected fault'))]]);
  for (const code of Object.values(LanternErrorCode)) {
    const problem = answerTo(new LanternError(code, `What was refused and why, in words (${code.toLowerCase().replaceAll('_', ' ')}).`));
    examples.set(problem.status, problem);
  }
  return (status) => examples.get(status) ?? answerTo(new HttpException('What was refused, in words.', status));
}

/**
 * Every error answer is problem details: each 4xx/5xx response a route declares without a body
 * gets the one ProblemDetails component (an example with the route's own template), and every
 * route may answer 500.
 */
function withProblemDetails(document: OpenAPIObject): OpenAPIObject {
  const exampleFor = problemExamples();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operation.responses['500'] ??= { description: 'An unexpected fault; the errorId is in the log' };
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!response || Number(status) < 400 || !('description' in response) || response.content) continue;
        response.content = {
          [PROBLEM_MEDIA_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetails) }, example: { ...exampleFor(Number(status)), instance: path.replace(/\{(\w+)\}/g, ':$1') } },
        };
      }
    }
  }
  return document;
}

/** Components described as JSON Schema (each area's *.schemas.ts), beside those Nest derives from classes. */
const DESCRIBED_COMPONENTS: Array<Record<string, SchemaObject>> = [
  ACCESS_SCHEMAS,
  CONSOLE_SCHEMAS,
  STUDENTS_SCHEMAS,
  INGESTION_SCHEMAS,
  IDENTITY_SCHEMAS,
  AGREEMENTS_SCHEMAS,
  DISCLOSURES_SCHEMAS,
  AUDIT_SCHEMAS,
  CARE_SCHEMAS,
  EXTRACTS_SCHEMAS,
  OUTCOMES_SCHEMAS,
  EARLY_WARNING_SCHEMAS,
];

function withDescribedComponents(document: OpenAPIObject): OpenAPIObject {
  const schemas = ((document.components ??= {}).schemas ??= {});
  for (const components of DESCRIBED_COMPONENTS) {
    for (const [name, schema] of Object.entries(components)) {
      if (name in schemas) throw new Error(`two OpenAPI components are named ${name}`);
      schemas[name] = schema;
    }
  }
  return document;
}

/**
 * The console's routes are served only with an identity provider configured, and the document
 * describes them: `npm run openapi` builds the API with these (no connection is opened to them).
 */
export const DOCUMENTED_CONSOLE_SETTINGS = {
  OIDC_ISSUER: 'https://login.state.example.gov/realms/staff',
  OIDC_CLIENT_ID: 'lantern-console',
  OIDC_CLIENT_SECRET: 'not-a-secret: the document is built without signing anyone in',
  OIDC_REDIRECT_URI: 'https://lantern.state.example.gov/auth/callback',
};

/** The API's OpenAPI document, as /docs serves it and `npm run openapi` commits it (apps/api/openapi.json). */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Lantern API')
    .setDescription('Statewide longitudinal data hub: ingestion status, records and governance. Every error answer is RFC 9457 problem details (ProblemDetails) with an errorId.')
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from POST /oauth/token' })
    .build();
  return withProblemDetails(withDescribedComponents(SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetails] })));
}
