import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { HubCertificateAuthority } from '@lantern/access';
import { ConfigurationError } from '@lantern/config';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { ApiSettings } from '../api-settings';
import { API_SETTINGS_TOKEN, LOGGER_TOKEN } from '../hub-connections';

/** The HTTPS listener is configured by its key and certificate together, or not at all. */
export function mutualTlsConfigured(settings: ApiSettings): boolean {
  if (Boolean(settings.API_TLS_KEY_PEM) !== Boolean(settings.API_TLS_CERT_PEM)) {
    throw new ConfigurationError('Invalid configuration: API_TLS_KEY_PEM and API_TLS_CERT_PEM must be set together');
  }
  return Boolean(settings.API_TLS_KEY_PEM);
}

/**
 * A second listener, HTTPS, serving the same application, where partners may authenticate
 * with a client certificate from the hub CA instead of a bearer token. TLS asks for a
 * certificate but lets the connection through without one (bearer tokens work here too);
 * the access guard decides, per request, whether a presented certificate is accepted.
 */
@Injectable()
export class MutualTlsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly authority: HubCertificateAuthority,
    @Inject(API_SETTINGS_TOKEN) private readonly settings: ApiSettings,
    @Inject(LOGGER_TOKEN) private readonly logger: Logger,
  ) {}

  /** The bound port (useful when API_TLS_PORT is 0), or undefined when mutual TLS is not configured. */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationBootstrap() {
    if (!mutualTlsConfigured(this.settings)) return;
    const server = createServer(
      {
        key: this.settings.API_TLS_KEY_PEM?.export({ type: 'pkcs8', format: 'pem' }),
        cert: this.settings.API_TLS_CERT_PEM,
        requestCert: true,
        rejectUnauthorized: false,
        ca: [this.authority.certificatePem],
      },
      this.adapterHost.httpAdapter.getInstance(),
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.settings.API_TLS_PORT, this.settings.API_HOST, resolve);
    });
    this.server = server;
    this.logger.info({ port: this.port }, 'api mutual TLS listening');
  }

  async onApplicationShutdown() {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
