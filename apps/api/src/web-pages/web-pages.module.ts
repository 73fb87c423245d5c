import { type DynamicModule, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';

/**
 * The web app's own routes (apps/web/src/routes.tsx): a browser that opens one of them, or
 * reloads it, gets index.html and the app routes on the client. Anything else no API route
 * answered stays a 404, so a mistyped API path is never answered with a page. The console's
 * pages (apps/web/src/console/console-pages.ts) are named one by one: /console/people is an API route.
 */
export const WEB_PAGE_ROUTES =
  /^\/(?:schools(?:\/[^/]+)?|districts\/[^/]+|state|compare|console(?:\/(?:staff|reviews|sids|ingestion|releases|agreements|disclosures|audit|projects|extracts|care-flags|inbox|watch-list)(?:\/[^/]+)?)?)?$/;

/** Vite's build names files under assets/ by their content hash: they never change, and caches keep them for a year. */
const HASHED_ASSETS = `${path.sep}assets${path.sep}`;

/**
 * The public web pages (apps/web's Vite build in `webRoot`) at `/`, beside the API: index.html is
 * revalidated on every visit (no-cache), so a new build reaches everyone at once, while the
 * hashed assets it names are immutable. Nest registers its routes before this module's, so API
 * routes and /docs are answered as before. Without a build there are no pages, and the API says so.
 */
@Module({})
export class WebPagesModule {
  static forRoot(webRoot: string, logger: Logger): DynamicModule {
    const rootPath = path.resolve(webRoot);
    if (!existsSync(path.join(rootPath, 'index.html'))) {
      logger.warn({ webRoot: rootPath }, 'no web app build here, so no public pages at /; build it with `npx nx run web:build`');
      return { module: WebPagesModule };
    }
    return {
      module: WebPagesModule,
      imports: [
        ServeStaticModule.forRoot({
          rootPath,
          renderPath: WEB_PAGE_ROUTES,
          serveStaticOptions: {
            index: false,
            setHeaders: (response: { setHeader(name: string, value: string): void }, file: string) =>
              response.setHeader('Cache-Control', file.includes(HASHED_ASSETS) ? 'public, max-age=31536000, immutable' : 'no-cache'),
          },
        }),
      ],
    };
  }
}
