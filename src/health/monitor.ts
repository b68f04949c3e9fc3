/**
 * The live inputs of /healthz in one place: `npm start` registers each platform's `health()` as it comes
 * up, and the monitor reads everything else (briefings, digests, process incidents) at the moment of the
 * request, so a report is never stale.
 */
import { assessHealth, type DigestState, type HealthReport, type PlatformHealth, type ProcessIncidents, type ServicePhase } from './health.ts';

export interface HealthSources {
  briefings: () => { loaded: number; errors: number };
  digests?: () => DigestState;
  incidents: () => ProcessIncidents;
  now?: () => number;
}

export class HealthMonitor {
  private readonly platforms = new Map<string, () => PlatformHealth>();
  private readonly now: () => number;
  private readonly startedAt: number;
  phase: ServicePhase = 'starting';

  constructor(private readonly sources: HealthSources) {
    this.now = sources.now ?? Date.now;
    this.startedAt = this.now();
  }

  addPlatform(name: string, health: () => PlatformHealth): void {
    this.platforms.set(name, health);
  }

  report(): HealthReport {
    const platforms: Record<string, PlatformHealth> = {};
    for (const [name, health] of this.platforms) platforms[name] = health();
    return assessHealth({
      now: this.now(),
      startedAt: this.startedAt,
      phase: this.phase,
      platforms,
      briefings: this.sources.briefings(),
      digests: this.sources.digests?.(),
      incidents: this.sources.incidents(),
    });
  }
}
