/** Option builders shared by commands, so every text option is cleaned and bounded the same way. */
import { z } from 'zod';
import { CLAIM_STATUSES } from '../briefing/schema.ts';
import type { OptionMeta } from './command.ts';

// Control characters (other than tab) never belong in a name or a question.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function cleanText(value: string): string {
  return value.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
}

/** A free-text option: control characters removed, white space folded, empty means absent. */
export function textOption(meta: OptionMeta, maxLength = 200) {
  return z
    .string()
    .max(maxLength, `is too long (at most ${maxLength} characters)`)
    .transform((v) => cleanText(v) || undefined)
    .optional()
    .meta(meta);
}

/** A required free-text option (the question of /ask, say). */
export function requiredTextOption(meta: OptionMeta, maxLength = 500) {
  return z
    .string({ error: 'is required' })
    .max(maxLength, `is too long (at most ${maxLength} characters)`)
    .transform((v) => cleanText(v))
    .refine((v) => v.length > 0, 'is empty')
    .meta(meta);
}

export function briefingOption() {
  return textOption({ description: 'Briefing id (all briefings when left out)', autocomplete: 'briefing' }, 64);
}

export function statusOption() {
  return z.enum(CLAIM_STATUSES, { error: `must be one of ${CLAIM_STATUSES.join(', ')}` }).optional().meta({
    description: 'Only claims with this status',
    autocomplete: 'status',
  });
}

/** A yes/no option; text platforms pass "true"/"yes", typed platforms a boolean. */
export function flagOption(meta: OptionMeta) {
  return z
    .union([z.boolean(), z.enum(['true', 'false', 'yes', 'no', 'on', 'off', '1', '0'])], { error: 'is true or false' })
    .transform((v) => v === true || v === 'true' || v === 'yes' || v === 'on' || v === '1')
    .optional()
    .meta(meta);
}
