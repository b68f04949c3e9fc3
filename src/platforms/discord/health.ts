/**
 * The gateway connection as /healthz sees it, from discord.js's shard events: connected once the client is
 * ready and again after a resume or a fresh session; reconnecting from a closed socket until then (discord.js
 * reconnects on its own); disconnected when Discord closed the session in a way discord.js does not retry
 * (an invalid token, disallowed intents: shardDisconnect). The worst shard decides.
 */
import { Events, type Client } from 'discord.js';
import type { PlatformHealth } from '../../health/health.ts';
import { ConnectionTracker } from '../../health/tracker.ts';

export interface DiscordHealth {
  health(): PlatformHealth;
  stop(): void;
}

const ORDER = ['disconnected', 'reconnecting', 'connecting', 'connected'] as const;

export function trackGateway(client: Client, now: () => number = Date.now): DiscordHealth {
  const shards = new Map<number, ConnectionTracker>();
  let stopped: ConnectionTracker | undefined;
  const shard = (id: number): ConnectionTracker => {
    let tracker = shards.get(id);
    if (!tracker) shards.set(id, (tracker = new ConnectionTracker('connecting', now)));
    return tracker;
  };

  client.on(Events.ShardReady, (id) => shard(id).set('connected', 'gateway'));
  client.on(Events.ShardResume, (id) => shard(id).set('connected', 'gateway (resumed)'));
  client.on(Events.ShardReconnecting, (id) => shard(id).set('reconnecting', 'gateway'));
  client.on(Events.ShardDisconnect, (event, id) => shard(id).set('disconnected', `the gateway closed the session (code ${event.code}) and discord.js will not reconnect`));

  return {
    health: () => {
      if (stopped) return stopped.health();
      const states = [...shards.values()].map((t) => t.health());
      if (states.length === 0) return { state: 'connecting', since: now() };
      // The worst shard; among equals, the one in that state longest.
      states.sort((a, b) => ORDER.indexOf(a.state as (typeof ORDER)[number]) - ORDER.indexOf(b.state as (typeof ORDER)[number]) || a.since - b.since);
      return states[0]!;
    },
    stop: () => {
      stopped = new ConnectionTracker('stopped', now);
    },
  };
}
