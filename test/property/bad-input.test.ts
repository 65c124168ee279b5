/**
 * Bad input never costs more than its own lines (ARCHITECTURE.md, "Bad input never crashes anything"):
 * for repositories built from the suite's hand-written fixtures and the example (bad-input-seeds.ts:
 * plain NetworkPolicies, Flux, Argo CD with Kustomize overlays, configured targets, AdminNetworkPolicy,
 * Cilium policies, a JSON manifest, `.github/reachdiff.yml`), mutated at the text and YAML level
 * (bad-input-mutations.ts), `diff` (JSON and one other format), `list --exposure` and `lint` run
 * in-process through `main(argv)` and must:
 * - return (no exception escapes) with exit code 0, 1 or 2, never an internal error or a stack trace;
 * - on exit 2, say why on stderr naming a file of the input (and its line where a line is to blame);
 * - name a file and a line for every warning and finding, in JSON (`file`, `line`, inside the file, no
 *   entry twice) and in text (`path:line: severity: …`), with no `undefined`, `NaN` or `[object Object]`
 *   in any message;
 * - still analyse the files no mutation touched: the marker (bad-input-seeds.ts) is opened by `diff`,
 *   listed by `list` and linted by `lint`, unless a mutation touched what decides the targets or a
 *   cluster-wide policy (which may legitimately change it).
 * `npm test` runs CASES fixed cases (harness.ts CI_SEED; about 15 s on a 2-core machine); `FUZZ_RUNS=N`
 * draws N new cases from a random seed (`npm run fuzz` runs every property test that way) and
 * `FUZZ_SEED=S` replays a printed seed. A failure prints the case (seed, mutations) shrunk.
 */
import fc from 'fast-check';
import { caseArb, runCase, seedCount } from './bad-input-case.js';
import { params } from './harness.js';

const CASES = 40;
// A long run (FUZZ_RUNS) takes about 0.3 s a case; a failure's shrinking runs many more cases.
const fuzzing = process.env.FUZZ_RUNS !== undefined;

describe('bad input: a clear message at file:line, never a crash, the other files still analysed', () => {
  it('each seed, unmutated, reports its marker (so the property checks something), in JSON and in text', async () => {
    for (let s = 0; s < seedCount(); s++) {
      const formats = [s, s % 2, s % 2] as const;
      expect([s, await runCase({ seed: s, mutateBase: false, mutations: [], formats })]).toEqual([s, undefined]);
    }
  });

  it('mutated repositories: diff (every format), list --exposure and lint', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const p = await runCase(c);
        if (p) throw new Error(p);
      }),
      params(CASES),
    );
  }, fuzzing ? 4 * 3600_000 : 600_000);
});
