/**
 * GET /healthz over HTTP: a request listener for any server (Slack's HTTP mode mounts it beside
 * /slack/events), and a small server of its own for HEALTH_PORT (Socket Mode, Discord-only deployments).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpStatusOf, type HealthReport } from './health.ts';

export const HEALTH_PATH = '/healthz';

export type HealthListener = (req: IncomingMessage, res: ServerResponse) => void;

/** Answers GET and HEAD with the report as JSON: 200 when ok or degraded, 503 when down. */
export function healthzListener(report: () => HealthReport): HealthListener {
  return (req, res) => {
    const now = report();
    const body = JSON.stringify(now);
    res.writeHead(httpStatusOf(now.status), {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      // A probe must see the state now, never a cached one.
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

export interface HealthServer {
  readonly name: 'health endpoint';
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Serves /healthz on host:port (0 picks a free port); every other path is 404, other methods 405. */
export async function startHealthServer(options: { host: string; port: number; report: () => HealthReport }): Promise<HealthServer> {
  const healthz = healthzListener(options.report);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== HEALTH_PATH) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found; try /healthz\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
      return;
    }
    healthz(req, res);
  });
  // Probes are short; a slow or stuck client must not hold a socket for long.
  server.requestTimeout = 5_000;
  server.headersTimeout = 5_000;
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    const fail = (err: NodeJS.ErrnoException): void =>
      reject(new Error(`Could not serve ${HEALTH_PATH} on ${options.host}:${options.port} (${err.code ?? err.message}). Set HEALTH_PORT to a free port (or HEALTH_HOST to an address of this machine), or leave HEALTH_PORT unset.`, { cause: err }));
    server.once('error', fail);
    server.listen(options.port, options.host, () => {
      server.off('error', fail);
      resolve();
    });
  });
  return {
    name: 'health endpoint',
    host: options.host,
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive sockets would hold close() open; an answer in progress is a few bytes and finishes.
        server.closeIdleConnections();
      }),
  };
}
