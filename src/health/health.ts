/**
 * What /healthz reports, as plain data. Each part of the service says how it is (platform adapters turn
 * their client's state into a `PlatformHealth`, so no SDK type comes here) and `assessHealth` turns the
 * parts into one verdict: ok and degraded answer HTTP 200, down answers 503.
 *
 * The rules, worst part wins:
 * - a platform connected (Socket Mode, gateway) or listening (HTTP) is ok; connecting or reconnecting is
 *   degraded, and down once it has lasted longer than RECONNECT_GRACE_MS (a client that gave up silently,
 *   such as a Socket Mode client whose reconnection was refused, otherwise looks busy for ever);
 *   disconnected for good (e.g. Discord closed the session as unauthorised) or stopped is down;
 * - the service is down while starting (no platform connected yet) and while shutting down, so that a load
 *   balancer or an orchestrator stops sending it work;
 * - digests that could not start, briefings that failed to load (or none loaded) and any uncaught exception
 *   since the start are degraded: the bot answers, but not everything it should (an uncaught exception
 *   may have left some state half-updated; a restart clears it).
 */

export type HealthStatus = 'ok' | 'degraded' | 'down';

/** A chat platform's connection as its adapter sees it. */
export type ConnectionState = 'connected' | 'listening' | 'connecting' | 'reconnecting' | 'disconnected' | 'stopped';

export interface PlatformHealth {
  state: ConnectionState;
  /** When the platform entered this state (ms since the epoch). */
  since: number;
  /** A short fact for people: "Socket Mode", "HTTP on port 3000", "gateway closed the session (4004)". */
  detail?: string;
}

export type ServicePhase = 'starting' | 'running' | 'stopping';

export type DigestState = 'running' | 'failed' | 'off';

export interface ProcessIncidents {
  unhandledRejections: number;
  uncaughtExceptions: number;
}

export interface HealthInputs {
  now: number;
  startedAt: number;
  phase: ServicePhase;
  platforms: Readonly<Record<string, PlatformHealth>>;
  briefings: { loaded: number; errors: number };
  /** Absent where the service runs no digests. */
  digests?: DigestState;
  incidents: ProcessIncidents;
}

/** The JSON /healthz answers (snake_case, stable: monitors parse it). */
export interface HealthReport {
  status: HealthStatus;
  phase: ServicePhase;
  uptime_s: number;
  platforms: Record<string, { status: HealthStatus; state: ConnectionState; since: string; for_s: number; detail?: string }>;
  briefings: { status: HealthStatus; loaded: number; errors: number };
  digests?: { status: HealthStatus; state: DigestState; running: boolean };
  process: { status: HealthStatus; unhandled_rejections: number; uncaught_exceptions: number };
  /** Why the status is not ok, one line per cause; empty when ok. */
  reasons: string[];
}

/** How long a platform may be (re)connecting before it counts as down. */
export const RECONNECT_GRACE_MS = 2 * 60_000;

const SEVERITY: Record<HealthStatus, number> = { ok: 0, degraded: 1, down: 2 };

export function worst(statuses: Iterable<HealthStatus>): HealthStatus {
  let out: HealthStatus = 'ok';
  for (const s of statuses) if (SEVERITY[s] > SEVERITY[out]) out = s;
  return out;
}

export function platformStatus(platform: PlatformHealth, now: number): HealthStatus {
  switch (platform.state) {
    case 'connected':
    case 'listening':
      return 'ok';
    case 'connecting':
    case 'reconnecting':
      return now - platform.since > RECONNECT_GRACE_MS ? 'down' : 'degraded';
    case 'disconnected':
    case 'stopped':
      return 'down';
  }
}

const seconds = (ms: number): number => Math.max(0, Math.round(ms / 100) / 10);

export function assessHealth(input: HealthInputs): HealthReport {
  const reasons: string[] = [];
  const platforms: HealthReport['platforms'] = {};
  for (const [name, p] of Object.entries(input.platforms)) {
    const status = platformStatus(p, input.now);
    const forS = seconds(input.now - p.since);
    platforms[name] = { status, state: p.state, since: new Date(p.since).toISOString(), for_s: forS, ...(p.detail ? { detail: p.detail } : {}) };
    if (status !== 'ok') reasons.push(`${name}: ${p.state} for ${forS} s${p.detail ? ` (${p.detail})` : ''}`);
  }

  const phaseStatus: HealthStatus = input.phase === 'running' ? 'ok' : 'down';
  if (input.phase === 'starting') reasons.push('starting: not every platform is connected yet');
  if (input.phase === 'stopping') reasons.push('shutting down');
  if (input.phase === 'running' && Object.keys(platforms).length === 0) reasons.push('no chat platform is running');
  const platformsStatus = input.phase === 'running' && Object.keys(platforms).length === 0 ? 'down' : worst(Object.values(platforms).map((p) => p.status));

  const briefingsStatus: HealthStatus = input.briefings.errors > 0 || input.briefings.loaded === 0 ? 'degraded' : 'ok';
  if (input.briefings.loaded === 0) reasons.push('no briefing is loaded');
  if (input.briefings.errors > 0) reasons.push(`${input.briefings.errors} briefing problem(s); run "briefing validate"`);

  const digestsStatus: HealthStatus = input.digests === 'failed' ? 'degraded' : 'ok';
  if (input.digests === 'failed') reasons.push('digests are not running: their database could not be opened');

  const processStatus: HealthStatus = input.incidents.uncaughtExceptions > 0 ? 'degraded' : 'ok';
  if (input.incidents.uncaughtExceptions > 0) reasons.push(`${input.incidents.uncaughtExceptions} uncaught exception(s) since the start; see the log`);

  return {
    status: worst([phaseStatus, platformsStatus, briefingsStatus, digestsStatus, processStatus]),
    phase: input.phase,
    uptime_s: seconds(input.now - input.startedAt),
    platforms,
    briefings: { status: briefingsStatus, ...input.briefings },
    ...(input.digests ? { digests: { status: digestsStatus, state: input.digests, running: input.digests === 'running' } } : {}),
    process: { status: processStatus, unhandled_rejections: input.incidents.unhandledRejections, uncaught_exceptions: input.incidents.uncaughtExceptions },
    reasons,
  };
}

/** 200 while the service does its job (ok or degraded), 503 when it does not. */
export function httpStatusOf(status: HealthStatus): 200 | 503 {
  return status === 'down' ? 503 : 200;
}
