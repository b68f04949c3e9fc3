/**
 * Shared parts of the fuzz tests (test/fuzz/*.fuzz.test.ts): how many cases to run, and the inputs that break
 * parsers and renderers.
 *
 * `npm test` runs each property FUZZ_RUNS times (200 by default); `npm run fuzz` sets FUZZ_RUNS=10000. A crash
 * found here becomes a regression test next to the property (see regressions.test.ts).
 */
import fc from 'fast-check';

export const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 200));

/** A test timeout that grows with the run count (vitest's default is 20 s). */
export const TIMEOUT = Math.max(20_000, RUNS * 15);

/** fast-check settings for a property; `scale` for properties much slower per case than the rest. */
export function runs(scale = 1): fc.Parameters<unknown> {
  return { numRuns: Math.max(1, Math.round(RUNS * scale)) };
}

/** Characters that stress parsers and renderers: markup, mentions, quotes, spaces, control, astral, RTL. */
export const SPECIAL = [
  '*', '_', '~', '`', '|', '>', '<', '&', '#', '-', ':', '=', '"', "'", '“', '”', '‘', '’', '«', '»', '\\', '/',
  '@', '@everyone', '<!channel>', '<@U123>', '<#C1|x>', 'public:true', '--public', '--', ' ', '  ', '\t', '\n',
  '\r\n', '\u0000', '\u001b[31m', '\u200b', '\u202e', '\ud83d\ude00', '\ud800', 'é', 'ß', 'İ', 'ﬁ', 'a', 'Z', '1',
  'who', 'Shoigu', 'briefing:', 'status:', 'from:', 'about:', 'constructor', '__proto__', 'toString',
];

/** Any text: arbitrary code points, or runs of the special pieces above, sometimes long. */
export function text(maxLength = 80): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.string({ maxLength }), weight: 4 },
    { arbitrary: fc.string({ unit: 'binary', maxLength }), weight: 2 },
    { arbitrary: fc.array(fc.constantFrom(...SPECIAL), { maxLength: Math.max(1, Math.floor(maxLength / 4)) }).map((parts) => parts.join('')), weight: 4 },
    { arbitrary: fc.string({ unit: fc.constantFrom(...SPECIAL), maxLength: maxLength * 4, size: 'max' }), weight: 1 },
  );
}

/** Any JSON-ish value, the way a platform might hand over an option it was not meant to. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  text(40),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(text(10), { maxLength: 3 }),
  fc.dictionary(text(8), text(8), { maxKeys: 3 }),
);

/** Everything a reply's text must never contain once rendered for a terminal: control characters. */
export const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
