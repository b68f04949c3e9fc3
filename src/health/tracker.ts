/** A platform adapter's connection state and since when it holds, fed by its client's events. */
import type { ConnectionState, PlatformHealth } from './health.ts';

export class ConnectionTracker {
  private current: PlatformHealth;

  constructor(
    initial: ConnectionState,
    private readonly now: () => number = Date.now,
  ) {
    this.current = { state: initial, since: now() };
  }

  get state(): ConnectionState {
    return this.current.state;
  }

  /** Moves to `state`; `since` changes only when the state does (a repeated "reconnecting" keeps its start). */
  set(state: ConnectionState, detail?: string): void {
    if (this.current.state === 'stopped') return;
    this.current = state === this.current.state ? { ...this.current, detail } : { state, since: this.now(), detail };
    if (detail === undefined) delete this.current.detail;
  }

  /** Final: a stopped platform stays stopped whatever its client reports while closing. */
  stop(): void {
    this.current = { state: 'stopped', since: this.now() };
  }

  health(): PlatformHealth {
    return { ...this.current };
  }
}
