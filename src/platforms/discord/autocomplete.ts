/**
 * Autocomplete choices for an option, by the option's `autocomplete` source: names of people and
 * organisations, claimants, briefing ids, claim statuses, IANA time zones (found by city too), or an enum too
 * long for Discord's fixed choices.
 * Pure and synchronous over the library, so an answer is always immediate (Discord allows no deferral).
 */
import type { Library } from '../../briefing/library.ts';
import type { Briefing, Entity } from '../../briefing/model.ts';
import { foldName } from '../../briefing/names.ts';
import { CLAIM_STATUSES, OUTLET } from '../../briefing/schema.ts';
import type { CompletionSource } from '../../commands/command.ts';
import { timeZoneNames } from '../../digest/timezone.ts';
import { DISCORD_LIMITS } from '../../render/limits.ts';
import { shorten } from './definitions.ts';

export interface Choice {
  name: string;
  value: string;
}

/** How well `candidate` answers what was typed: 0 starts with it, 1 a word starts with it, 2 contains it. */
function rank(typed: string, candidate: string): number | undefined {
  const folded = foldName(candidate);
  if (!typed || folded.startsWith(typed)) return 0;
  if (folded.split(' ').some((w) => w.startsWith(typed))) return 1;
  if (folded.includes(typed)) return 2;
  return undefined;
}

/** Candidates (each with the texts it can be found by) that match, best first, at most 25, values Discord accepts. */
function best(typed: string, candidates: Array<{ choice: Choice; texts: string[] }>): Choice[] {
  const folded = foldName(typed);
  const seen = new Set<string>();
  const ranked: Array<{ choice: Choice; rank: number }> = [];
  for (const { choice, texts } of candidates) {
    if (seen.has(choice.value) || choice.value.length > DISCORD_LIMITS.choiceValue || choice.value.length === 0) continue;
    const ranks = texts.map((t) => rank(folded, t)).filter((r): r is number => r !== undefined);
    if (ranks.length === 0) continue;
    seen.add(choice.value);
    ranked.push({ choice: { name: shorten(choice.name, DISCORD_LIMITS.choiceName), value: choice.value }, rank: Math.min(...ranks) });
  }
  return ranked
    .sort((a, b) => a.rank - b.rank || a.choice.name.localeCompare(b.choice.name))
    .slice(0, DISCORD_LIMITS.autocompleteChoices)
    .map((r) => r.choice);
}

function scopeOf(library: Library, briefingId: unknown): Briefing[] {
  const found = typeof briefingId === 'string' ? library.get(briefingId) : undefined;
  return found ? [found] : library.briefings;
}

export interface CompletionRequest {
  source?: CompletionSource;
  /** The option's fixed values, when it has more than Discord's 25 choices. */
  choices?: string[];
  typed: string;
  /** The other options already filled in; a valid `briefing` narrows names to that briefing. */
  options: Record<string, unknown>;
}

export function complete(library: Library, request: CompletionRequest): Choice[] {
  const { source, typed } = request;
  const scope = scopeOf(library, request.options.briefing);
  // Names come from the library's own completion (names, aliases, roles), narrowed to the scope and shown with roles.
  const names = (kinds?: Array<Entity['kind']>): Choice[] => {
    const inScope = new Map<string, Entity>();
    for (const b of scope) for (const e of b.entities) if (!inScope.has(e.name)) inScope.set(e.name, e);
    return library
      .completeNames(typed, Number.MAX_SAFE_INTEGER, kinds)
      .filter((name) => inScope.has(name) && name.length <= DISCORD_LIMITS.choiceValue)
      .slice(0, DISCORD_LIMITS.autocompleteChoices)
      .map((name) => {
        const role = inScope.get(name)!.role;
        return { name: shorten(role ? `${name} — ${role}` : name, DISCORD_LIMITS.choiceName), value: name };
      });
  };
  switch (source) {
    case 'entity':
      return names();
    case 'person':
      return names(['person']);
    case 'claimant':
      return best(
        typed,
        scope.flatMap((b) =>
          b.claims.map((claim) => {
            if (claim.claimant === OUTLET) {
              // The claims command knows the article's own voice as "article".
              return { choice: { name: library.claimantName(b, claim), value: 'article' }, texts: ['article', 'outlet', library.claimantName(b, claim)] };
            }
            const entity = library.entity(b, claim.claimant);
            const name = library.claimantName(b, claim);
            return { choice: { name, value: name }, texts: [name, ...(entity?.aliases ?? [])] };
          }),
        ),
      );
    case 'briefing':
      return best(
        typed,
        library.briefings.map((b) => ({ choice: { name: `${b.id} · ${b.title}`, value: b.id }, texts: [b.id, b.title] })),
      );
    case 'status':
      return best(
        typed,
        CLAIM_STATUSES.map((s) => ({ choice: { name: s, value: s }, texts: [s] })),
      );
    case 'timezone':
      return best(
        typed,
        timeZoneNames().map((zone) => ({ choice: { name: zone.replace(/_/g, ' '), value: zone }, texts: [zone, zone.split('/').at(-1)!.replace(/_/g, ' ')] })),
      );
    default:
      return best(
        typed,
        (request.choices ?? []).map((c) => ({ choice: { name: c, value: c }, texts: [c] })),
      );
  }
}
