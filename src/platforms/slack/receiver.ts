/**
 * Bolt's HTTPReceiver with the missing half of replay protection: Bolt refuses a signed request whose
 * timestamp is more than five minutes old, but accepts one from the future, so a captured request
 * stamped ahead of time could be replayed for as long as that lead lasts. Here a request to the events
 * endpoint whose timestamp is off by more than five minutes either way gets 401 before Bolt reads its
 * body, so it reaches no middleware and no handler. Signature checking stays Bolt's.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HTTPReceiver, type HTTPReceiverOptions } from '@slack/bolt';
import { SLACK_LIMITS } from '../../render/limits.ts';
import { EVENTS_PATH } from './config.ts';

/** Why a request's timestamp is refused, or undefined when it may go on to signature checking. */
export function timestampProblem(header: string | string[] | undefined, nowMs: number): string | undefined {
  // A missing timestamp goes on: Bolt refuses it unless it is a harmless ssl_check, which carries none.
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (!value || !/^\d{1,12}$/.test(value.trim())) return 'malformed request timestamp';
  const skew = Number(value) - Math.floor(nowMs / 1000);
  if (skew < -SLACK_LIMITS.requestMaxSkewSeconds) return 'request timestamp too old';
  if (skew > SLACK_LIMITS.requestMaxSkewSeconds) return 'request timestamp in the future';
  return undefined;
}

export interface TimestampCheckedReceiverOptions extends HTTPReceiverOptions {
  now?: () => number;
  /** Told about each refused request (without its body, which is never read). */
  onRefused?: (reason: string) => void;
}

export class TimestampCheckedReceiver extends HTTPReceiver {
  constructor({ now = Date.now, onRefused, ...options }: TimestampCheckedReceiverOptions) {
    super({ endpoints: EVENTS_PATH, ...options });
    const boltListener: RequestListener = this.requestListener;
    const endpoints = new Set(Array.isArray(options.endpoints) ? options.endpoints : [options.endpoints ?? EVENTS_PATH]);
    this.requestListener = (req: IncomingMessage, res: ServerResponse) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const problem = req.method === 'POST' && endpoints.has(path) ? timestampProblem(req.headers['x-slack-request-timestamp'], now()) : undefined;
      if (problem) {
        onRefused?.(problem);
        // Let the client finish sending, then close: the body is not read, so keep-alive cannot reuse it.
        res.writeHead(401, { connection: 'close' });
        res.end();
        req.resume();
        return;
      }
      boltListener(req, res);
    };
  }
}
