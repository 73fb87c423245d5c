import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface IngestProbes {
  /** Each dependency up or down; ready only when all are up. */
  readiness(): Promise<Record<string, 'up' | 'down'>>;
  /** The Prometheus exposition of this process's metrics. */
  metrics(): Promise<{ contentType: string; body: string }>;
}

/**
 * The ingest service's own small HTTP listener, for orchestrators and Prometheus only:
 * GET /health/live, /health/ready (503 until the consumer has joined its group and the database
 * answers) and /metrics. It serves nothing else and reveals no error text.
 */
export async function startIngestHttp(port: number, probes: IngestProbes): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const answer = (status: number, contentType: string, body: string) => response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
    const route = request.method === 'GET' ? request.url?.split('?')[0] : undefined;
    const handle = async () => {
      if (route === '/health/live') return answer(200, 'application/json', JSON.stringify({ status: 'up' }));
      if (route === '/health/ready') {
        const checks = await probes.readiness();
        const up = Object.values(checks).every((check) => check === 'up');
        return answer(up ? 200 : 503, 'application/json', JSON.stringify({ status: up ? 'up' : 'down', checks }));
      }
      if (route === '/metrics') {
        const { contentType, body } = await probes.metrics();
        return answer(200, contentType, body);
      }
      answer(404, 'application/json', JSON.stringify({ status: 404, title: 'Not Found' }));
    };
    handle().catch(() => answer(500, 'application/json', JSON.stringify({ status: 500, title: 'Internal Server Error' })));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '0.0.0.0', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
