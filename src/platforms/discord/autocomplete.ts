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
import { ChoiceIndex, type ChoiceIndexEntry } from './choice-index.ts';
import { shorten } from './definitions.ts';

export interface Choice {
  name: string;
  value: string;
}

/** A choice and the texts it can be found by. */
interface Candidate {
  choice: Choice;
  texts: string[];
}

const collator = new Intl.Collator();

/**
 * Candidates with the same value merged (found by any of their texts), values Discord refuses dropped, names
 * shortened to Discord's limit, in name order, indexed once so that a keystroke only searches.
 */
function prepare(candidates: Candidate[]): ChoiceIndex<Choice> {
  const byValue = new Map<string, { choice: Choice; texts: Set<string> }>();
  for (const { choice, texts } of candidates) {
    if (choice.value.length > DISCORD_LIMITS.choiceValue || choice.value.length === 0) continue;
    const name = shorten(choice.name, DISCORD_LIMITS.choiceName);
    const known = byValue.get(choice.value);
    if (!known) {
      byValue.set(choice.value, { choice: { name, value: choice.value }, texts: new Set(texts) });
      continue;
    }
    for (const t of texts) known.texts.add(t);
    // One value under different names (every briefing's own analysis is "article", whatever its outlet): no
    // one of those names is right for all of them, so the choice shows the value itself.
    if (known.choice.name !== name) known.choice.name = shorten(choice.value, DISCORD_LIMITS.choiceName);
  }
  const entries: Array<ChoiceIndexEntry<Choice>> = [...byValue.values()].map(({ choice, texts }) => ({
    value: choice,
    folded: [...texts].map(foldName),
  }));
  return new ChoiceIndex(entries.sort((a, b) => collator.compare(a.value.name, b.value.name)));
}

/** The best matches, at most 25: names starting with what was typed, then a word starting with it, then containing it. */
function best(typed: string, index: ChoiceIndex<Choice>): Choice[] {
  return index.search(typed, DISCORD_LIMITS.autocompleteChoices);
}

/**
 * What completion needs from a whole library, built on the first keystroke that needs it and kept as long as
 * the library is (a reload brings a new library): without it, every keystroke walked every entity and claim,
 * half a second at 10,000 briefings.
 */
interface Tables {
  roles?: Map<string, string | undefined>;
  claimants?: ChoiceIndex<Choice>;
  briefings?: ChoiceIndex<Choice>;
}

const tables = new WeakMap<Library, Tables>();

function tablesOf(library: Library): Tables {
  let t = tables.get(library);
  if (!t) tables.set(library, (t = {}));
  return t;
}

/** Each name's role, from the first entity bearing it in the scope's order. */
function rolesIn(scope: Briefing[]): Map<string, string | undefined> {
  const roles = new Map<string, string | undefined>();
  for (const b of scope) for (const e of b.entities) if (!roles.has(e.name)) roles.set(e.name, e.role);
  return roles;
}

function claimants(library: Library, scope: Briefing[]): ChoiceIndex<Choice> {
  return prepare(
    scope.flatMap((b) =>
      b.claims.map((claim) => {
        if (claim.claimant === OUTLET) {
          // The claims command knows the article's own voice as "article".
          return {
            choice: { name: library.claimantName(b, claim), value: 'article' },
            texts: ['article', 'outlet', library.claimantName(b, claim)],
          };
        }
        const entity = library.entity(b, claim.claimant);
        const name = library.claimantName(b, claim);
        return { choice: { name, value: name }, texts: [name, ...(entity?.aliases ?? [])] };
      }),
    ),
  );
}

let timeZoneCandidates: ChoiceIndex<Choice> | undefined;

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
  const narrowed = typeof request.options.briefing === 'string' ? library.get(request.options.briefing) : undefined;
  const scope = narrowed ? [narrowed] : library.briefings;
  const whole = tablesOf(library);
  // Names come from the library's own completion (names, aliases, roles), narrowed to the scope and shown with roles.
  const names = (kinds?: Array<Entity['kind']>): Choice[] => {
    const roles = narrowed ? rolesIn(scope) : (whole.roles ??= rolesIn(scope));
    const limit = DISCORD_LIMITS.autocompleteChoices;
    // A narrowed scope keeps only its own names, so it may need every completion; the whole library needs 25
    // (a few more in case some are too long for a choice value).
    const completed = library.completeNames(typed, narrowed ? Number.MAX_SAFE_INTEGER : limit * 2, kinds);
    return completed
      .filter((name) => roles.has(name) && name.length <= DISCORD_LIMITS.choiceValue)
      .slice(0, limit)
      .map((name) => {
        const role = roles.get(name);
        return { name: shorten(role ? `${name} — ${role}` : name, DISCORD_LIMITS.choiceName), value: name };
      });
  };
  switch (source) {
    case 'entity':
      return names();
    case 'person':
      return names(['person']);
    case 'claimant':
      return best(typed, narrowed ? claimants(library, scope) : (whole.claimants ??= claimants(library, scope)));
    case 'briefing':
      return best(
        typed,
        (whole.briefings ??= prepare(
          library.briefings.map((b) => ({ choice: { name: `${b.id} · ${b.title}`, value: b.id }, texts: [b.id, b.title] })),
        )),
      );
    case 'status':
      return best(typed, prepare(CLAIM_STATUSES.map((s) => ({ choice: { name: s, value: s }, texts: [s] }))));
    case 'timezone':
      return best(
        typed,
        (timeZoneCandidates ??= prepare(
          timeZoneNames().map((zone) => ({
            choice: { name: zone.replace(/_/g, ' '), value: zone },
            texts: [zone, zone.split('/').at(-1)!.replace(/_/g, ' ')],
          })),
        )),
      );
    default:
      return best(typed, prepare((request.choices ?? []).map((c) => ({ choice: { name: c, value: c }, texts: [c] }))));
  }
}
