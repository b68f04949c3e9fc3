/**
 * Whether a Slack user may manage digests: workspace admins and owners, from `users.info` (scope users:read).
 * Asked only when a command needs it (the Caller gets a function, see `Caller.canManageChannel`), and
 * remembered for a minute so a few commands in a row cost one call. A lookup that fails is not remembered.
 */
import type { webApi } from '@slack/bolt';
import { UserError } from '../../reply/reply.ts';

/** How long an answer from users.info is trusted (a demoted admin loses the right within this time). */
export const ROLE_TTL_MS = 60_000;
const MAX_REMEMBERED = 1000;

interface Remembered {
  at: number;
  answer: Promise<boolean>;
}

export class WorkspaceRoles {
  private readonly remembered = new Map<string, Remembered>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = ROLE_TTL_MS,
  ) {}

  /** True for workspace admins and owners. Throws a UserError saying why when Slack could not tell. */
  isManager(teamId: string | undefined, userId: string): Promise<boolean> {
    const key = `${teamId ?? ''}:${userId}`;
    const hit = this.remembered.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.answer;
    const answer = this.lookUp(userId);
    this.remembered.delete(key);
    this.remembered.set(key, { at: this.now(), answer });
    if (this.remembered.size > MAX_REMEMBERED) this.remembered.delete(this.remembered.keys().next().value!);
    // Concurrent callers share the lookup; a failure is forgotten at once so the next command asks again.
    answer.catch(() => {
      if (this.remembered.get(key)?.answer === answer) this.remembered.delete(key);
    });
    return answer;
  }

  private async lookUp(userId: string): Promise<boolean> {
    try {
      const { user } = await this.client.users.info({ user: userId });
      return Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner);
    } catch (err) {
      throw new UserError('role_unknown', roleFailure(err));
    }
  }
}

function roleFailure(err: unknown): string {
  const e = err as { data?: { error?: string; needed?: string }; retryAfter?: number; code?: string };
  const code = e.data?.error;
  if (code === 'missing_scope') {
    return `The bot may not read Slack roles (it lacks the ${e.data?.needed ?? 'users:read'} scope), so it cannot tell whether you manage this channel. Reinstall the app from the current manifest (npm run -s briefing -- slack-manifest), or have your user id added to DIGEST_ADMINS.`;
  }
  if (e.retryAfter !== undefined) return `Slack is busy; could not check your role. Try again in ${e.retryAfter} s.`;
  return `Could not check your Slack role (${code ?? e.code ?? 'no answer'}); please try again.`;
}
