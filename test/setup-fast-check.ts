/**
 * Property tests in `npm test` draw from a fixed seed, so a red run is reproducible and CI does not turn red on
 * a case no change caused; `npm run fuzz` explores new cases on every run (fast-check prints the seed of a
 * failure, and `FC_SEED=<seed> npm run fuzz` replays it). A case found that way becomes a regression test.
 */
import fc from 'fast-check';

const seed = process.env.FC_SEED ?? (process.env.FUZZ_RUNS ? undefined : '20261125');
if (seed !== undefined) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(seed) });
