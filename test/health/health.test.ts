/** The /healthz verdict: which states make the service ok, degraded or down, and the report's shape. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.ts';
import { readHealthConfig } from '../../src/health/config.ts';
import { assessHealth, httpStatusOf, RECONNECT_GRACE_MS, type HealthInputs, type PlatformHealth } from '../../src/health/health.ts';
import { HealthMonitor } from '../../src/health/monitor.ts';
import { ConnectionTracker } from '../../src/health/tracker.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');

function inputs(overrides: Partial<HealthInputs> = {}): HealthInputs {
  return {
    now: NOW,
    startedAt: NOW - 90_000,
    phase: 'running',
    platforms: { slack: { state: 'connected', since: NOW - 60_000, detail: 'Socket Mode' } },
    briefings: { loaded: 3, errors: 0 },
    digests: 'running',
    incidents: { unhandledRejections: 0, uncaughtExceptions: 0 },
    ...overrides,
  };
}

const platform = (state: PlatformHealth['state'], agoMs = 1000): PlatformHealth => ({ state, since: NOW - agoMs });

describe('assessHealth', () => {
  it('is ok, with an empty list of reasons, when every part is well', () => {
    const report = assessHealth(inputs());
    expect(report).toEqual({
      status: 'ok',
      phase: 'running',
      uptime_s: 90,
      platforms: { slack: { status: 'ok', state: 'connected', since: '2026-03-01T11:59:00.000Z', for_s: 60, detail: 'Socket Mode' } },
      briefings: { status: 'ok', loaded: 3, errors: 0 },
      digests: { status: 'ok', state: 'running', running: true },
      process: { status: 'ok', unhandled_rejections: 0, uncaught_exceptions: 0 },
      reasons: [],
    });
    expect(httpStatusOf(report.status)).toBe(200);
  });

  it.each([
    ['connected', 'ok'],
    ['listening', 'ok'],
    ['connecting', 'degraded'],
    ['reconnecting', 'degraded'],
    ['disconnected', 'down'],
    ['stopped', 'down'],
  ] as const)('rates a platform %s as %s', (state, status) => {
    const report = assessHealth(inputs({ platforms: { discord: platform(state) } }));
    expect(report.platforms.discord!.status).toBe(status);
    expect(report.status).toBe(status);
    expect(httpStatusOf(report.status)).toBe(status === 'down' ? 503 : 200);
  });

  it('counts a platform reconnecting for longer than the grace period as down', () => {
    expect(assessHealth(inputs({ platforms: { slack: platform('reconnecting', RECONNECT_GRACE_MS) } })).status).toBe('degraded');
    const late = assessHealth(inputs({ platforms: { slack: { ...platform('reconnecting', RECONNECT_GRACE_MS + 1000), detail: 'Socket Mode' } } }));
    expect(late.status).toBe('down');
    expect(late.reasons).toEqual(['slack: reconnecting for 121 s (Socket Mode)']);
  });

  it('lets the worst platform decide: one down is down, even if another is connected', () => {
    const report = assessHealth(inputs({ platforms: { slack: platform('listening'), discord: { ...platform('disconnected'), detail: 'code 4004' } } }));
    expect(report.status).toBe('down');
    expect(report.reasons).toEqual(['discord: disconnected for 1 s (code 4004)']);
  });

  it('is down while starting, while stopping, and when no platform runs', () => {
    expect(assessHealth(inputs({ phase: 'starting', platforms: {} }))).toMatchObject({ status: 'down', reasons: ['starting: not every platform is connected yet'] });
    expect(assessHealth(inputs({ phase: 'stopping' }))).toMatchObject({ status: 'down', reasons: ['shutting down'] });
    expect(assessHealth(inputs({ platforms: {} }))).toMatchObject({ status: 'down', reasons: ['no chat platform is running'] });
  });

  it('is degraded by briefing problems, no briefings, failed digests or an uncaught exception, but not by unhandled rejections', () => {
    expect(assessHealth(inputs({ briefings: { loaded: 3, errors: 2 } }))).toMatchObject({ status: 'degraded', briefings: { status: 'degraded' }, reasons: ['2 briefing problem(s); run "briefing validate"'] });
    expect(assessHealth(inputs({ briefings: { loaded: 0, errors: 0 } }))).toMatchObject({ status: 'degraded', reasons: ['no briefing is loaded'] });
    expect(assessHealth(inputs({ digests: 'failed' }))).toMatchObject({ status: 'degraded', digests: { status: 'degraded', running: false } });
    expect(assessHealth(inputs({ incidents: { unhandledRejections: 0, uncaughtExceptions: 1 } }))).toMatchObject({ status: 'degraded', process: { status: 'degraded', uncaught_exceptions: 1 } });
    expect(assessHealth(inputs({ incidents: { unhandledRejections: 4, uncaughtExceptions: 0 } }))).toMatchObject({ status: 'ok', process: { unhandled_rejections: 4 } });
  });

  it('leaves digests out where the service runs none', () => {
    expect(assessHealth(inputs({ digests: undefined }))).not.toHaveProperty('digests');
  });
});

describe('ConnectionTracker', () => {
  it('keeps the time a state began while the state repeats, and stays stopped once stopped', () => {
    let now = 1000;
    const tracker = new ConnectionTracker('connecting', () => now);
    now = 2000;
    tracker.set('reconnecting', 'first');
    now = 3000;
    tracker.set('reconnecting');
    expect(tracker.health()).toEqual({ state: 'reconnecting', since: 2000 });
    tracker.set('connected', 'gateway');
    expect(tracker.health()).toEqual({ state: 'connected', since: 3000, detail: 'gateway' });
    tracker.stop();
    tracker.set('reconnecting');
    expect(tracker.health()).toEqual({ state: 'stopped', since: 3000 });
  });
});

describe('HealthMonitor', () => {
  it('reads every source at the moment of the report', () => {
    let now = NOW;
    let loaded = 1;
    const slack = new ConnectionTracker('connected', () => now);
    const monitor = new HealthMonitor({ briefings: () => ({ loaded, errors: 0 }), digests: () => 'running', incidents: () => ({ unhandledRejections: 0, uncaughtExceptions: 0 }), now: () => now });
    expect(monitor.report()).toMatchObject({ status: 'down', phase: 'starting' });
    monitor.addPlatform('slack', () => slack.health());
    monitor.phase = 'running';
    now += 5000;
    loaded = 2;
    expect(monitor.report()).toMatchObject({ status: 'ok', uptime_s: 5, briefings: { loaded: 2 }, platforms: { slack: { for_s: 5 } } });
    slack.set('reconnecting');
    expect(monitor.report()).toMatchObject({ status: 'degraded', platforms: { slack: { state: 'reconnecting', for_s: 0 } } });
  });
});

describe('readHealthConfig', () => {
  it('has no port of its own by default and binds to loopback', () => {
    expect(readHealthConfig({})).toEqual({ port: undefined, host: '127.0.0.1' });
    expect(readHealthConfig({ HEALTH_PORT: ' ', HEALTH_HOST: '' })).toEqual({ port: undefined, host: '127.0.0.1' });
  });

  it('reads a port (0 for a free one) and a host', () => {
    expect(readHealthConfig({ HEALTH_PORT: '8081', HEALTH_HOST: '0.0.0.0' })).toEqual({ port: 8081, host: '0.0.0.0' });
    expect(readHealthConfig({ HEALTH_PORT: '0' }).port).toBe(0);
  });

  it('names every bad variable in one readable error', () => {
    expect(() => readHealthConfig({ HEALTH_PORT: '70000', HEALTH_HOST: 'local host' })).toThrow(ConfigError);
    expect(() => readHealthConfig({ HEALTH_PORT: 'eighty' })).toThrow(/HEALTH_PORT: must be a port number/);
    try {
      readHealthConfig({ HEALTH_PORT: '70000', HEALTH_HOST: 'local host' });
    } catch (err) {
      expect((err as Error).message).toMatch(/HEALTH_PORT: must be from 0 to 65535\n {2}HEALTH_HOST: must be a host name or an IP address/);
    }
  });
});
