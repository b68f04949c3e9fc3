/**
 * The Socket Mode connection as /healthz sees it, from the client's lifecycle events: connected after Slack's
 * `hello`; reconnecting from the moment the socket closes until the next `hello` (the client waits 5 s, then
 * 10 s, … between attempts); disconnected when the client gives up or is told to stop. Each loss and each
 * recovery is logged once.
 */
import type { SocketModeReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import type { ConnectionTracker } from '../../health/tracker.ts';

const DETAIL = 'Socket Mode';

export function trackSocketMode(client: SocketModeReceiver['client'], connection: ConnectionTracker, log: Pick<Logger, 'info' | 'warn'>): void {
  let connectedOnce = false;
  const lost = (): void => {
    if (connection.state === 'connected') log.warn({ mode: 'socket' }, 'Slack Socket Mode connection lost; the client reconnects');
    connection.set(connectedOnce ? 'reconnecting' : 'connecting', DETAIL);
  };
  client.on('connecting', lost);
  client.on('reconnecting', lost);
  client.on('connected', () => {
    if (connectedOnce && connection.state !== 'connected') log.info({ mode: 'socket' }, 'Slack Socket Mode reconnected');
    connectedOnce = true;
    connection.set('connected', DETAIL);
  });
  // Every closed socket reports here, including an old one closing after its replacement is already open.
  client.on('close', () => {
    if (!client.websocket?.isActive()) lost();
  });
  client.on('disconnected', () => connection.set('disconnected', DETAIL));
}
