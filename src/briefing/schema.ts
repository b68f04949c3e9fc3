/**
 * The authoring format of briefings/<id>/briefing.yaml. Authors write quotes, never offsets:
 * the loader (load.ts) anchors every quote in the article and rejects the ones it can't find.
 */
import { z } from 'zod';
import { parsePartialDate } from './partial-date.ts';

export const ENTITY_KINDS = ['person', 'organisation', 'country', 'place', 'group'] as const;
export const CLAIM_KINDS = ['warning', 'assertion', 'accusation', 'denial', 'offer', 'proposal', 'analysis'] as const;
export const CLAIM_STATUSES = ['unverified', 'disputed', 'denied', 'contradicted', 'corroborated'] as const;

export type EntityKind = (typeof ENTITY_KINDS)[number];
export type ClaimKind = (typeof CLAIM_KINDS)[number];
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** The reserved claimant for the article's own commentary: the outlet, not a person in the story. */
export const OUTLET = 'outlet';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case letters, digits and dashes');
const text = z.string().trim().min(1);
const quote = z.string().min(3, 'a quote needs at least 3 characters');
const evidence = z.array(quote).min(1, 'every fact needs at least one quote from the article');

// YAML reads 2022 as a number; a date is always kept as its ISO text.
const isoDate = z
  .union([z.string(), z.number()])
  .transform(String)
  .refine((v) => parsePartialDate(v) !== undefined, 'a date is YYYY, YYYY-MM or YYYY-MM-DD');

const reference = z
  .object({
    claim: id.optional(),
    event: id.optional(),
    evidence: z.array(quote).optional(),
    note: text.optional(),
  })
  .strict()
  .refine((r) => r.claim || r.event || r.evidence, 'a reference names a claim, an event or evidence');

export const entitySchema = z
  .object({
    id,
    name: text,
    kind: z.enum(ENTITY_KINDS),
    aliases: z.array(text).default([]),
    role: text.optional(),
    affiliation: id.optional(),
    evidence,
  })
  .strict();

export const eventSchema = z
  .object({
    id,
    title: text,
    date: isoDate.nullable().default(null),
    date_basis: z.enum(['stated', 'inferred']).optional(),
    /** Why an inferred date is what it is, or why an event has none. */
    date_note: text.optional(),
    after: z.array(id).default([]),
    before: z.array(id).default([]),
    actors: z.array(id).default([]),
    place: id.optional(),
    evidence,
  })
  .strict()
  .refine((e) => e.date === null || e.date_basis !== undefined, {
    message: 'a dated event says how the date is known (date_basis: stated or inferred)',
    path: ['date_basis'],
  })
  .refine((e) => e.date_basis !== 'inferred' || e.date_note !== undefined, {
    message: 'an inferred date needs its reasoning in date_note',
    path: ['date_note'],
  });

export const claimSchema = z
  .object({
    id,
    claimant: id,
    /** Reported speech: whose account carries the claim ("the Russian Defense Ministry's version of the call"). */
    via: text.optional(),
    kind: z.enum(CLAIM_KINDS),
    text,
    quote: text.optional(),
    about: z.array(id).default([]),
    status: z.enum(CLAIM_STATUSES),
    disputed_by: z.array(reference).default([]),
    supported_by: z.array(reference).default([]),
    evidence,
  })
  .strict();

export const briefingSchema = z
  .object({
    tags: z.array(id).default([]),
    source: z
      .object({ url: z.string().url().optional(), retrieved: isoDate.optional() })
      .strict()
      .default({}),
    summary: z.array(z.object({ text, evidence }).strict()).min(1),
    entities: z.array(entitySchema).default([]),
    events: z.array(eventSchema).default([]),
    claims: z.array(claimSchema).default([]),
  })
  .strict();

export type BriefingDoc = z.infer<typeof briefingSchema>;
export type EntityDoc = z.infer<typeof entitySchema>;
export type EventDoc = z.infer<typeof eventSchema>;
export type ClaimDoc = z.infer<typeof claimSchema>;
export type ReferenceDoc = z.infer<typeof reference>;
