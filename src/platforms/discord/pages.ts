/**
 * The pages of answers that users can still turn: a bounded in-memory map with a time to live.
 * An entry expires after `ttlMs` (under the 15 minutes an interaction token lasts, so its buttons can still be
 * taken off the message) or when `maxEntries` newer entries push it out; either way `onExpire` runs once.
 * Pages are not kept across restarts: a press on an old button then gets a clear "expired" notice.
 */
import { randomBytes } from 'node:crypto';
import type { Reply } from '../../reply/reply.ts';

export interface PagedAnswer {
  pages: Reply[];
  /** Only this user may turn the pages. */
  ownerId: string;
  /** Called once when the entry leaves the store for any reason but `clear()`. */
  onExpire?: () => void;
}

interface Entry extends PagedAnswer {
  timer: NodeJS.Timeout;
}

export class PageStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  /** A fresh key for the buttons of an answer; `put` it once the answer has been sent. */
  newKey(): string {
    return randomBytes(9).toString('base64url');
  }

  /** Keeps an answer's pages under the key its buttons carry; the time to live starts now. */
  put(key: string, answer: PagedAnswer): void {
    const timer = setTimeout(() => this.expire(key), this.ttlMs);
    timer.unref();
    this.entries.set(key, { ...answer, timer });
    while (this.entries.size > this.maxEntries) this.expire(this.entries.keys().next().value!);
  }

  get(key: string): PagedAnswer | undefined {
    return this.entries.get(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private expire(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.entries.delete(key);
    entry.onExpire?.();
  }

  /** Forgets everything without calling onExpire (shutdown). */
  clear(): void {
    for (const entry of this.entries.values()) clearTimeout(entry.timer);
    this.entries.clear();
  }
}
