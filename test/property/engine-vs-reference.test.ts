/** Differential test: the engine's connection sets equal the brute-force reference's, sample by sample. */
import fc from 'fast-check';
import { clusterArb, scenarioArb } from './arbitraries.js';
import { compare, params, runEngine, runs, toYaml } from './harness.js';

describe('engine agrees with the reference evaluator', () => {
  it('on random clusters (pods, external addresses, every port boundary)', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const mismatches = compare(s, runEngine(s));
        if (mismatches.length > 0) throw new Error(`${mismatches.join('\n')}\n--- manifests ---\n${toYaml(s)}`);
      }),
      params(150),
    );
  });
});

describe('engine agrees with the reference evaluator on larger clusters', () => {
  it('with 34-45 pods (more pod classes than a 32-bit word) and up to 8 policies', () => {
    fc.assert(
      fc.property(clusterArb({ minPods: 34, maxPods: 45, maxPolicies: 8 }), (s) => {
        const mismatches = compare(s, runEngine(s));
        if (mismatches.length > 0) throw new Error(`${mismatches.join('\n')}\n--- manifests ---\n${toYaml(s)}`);
      }),
      // Each case is ~100x the work of a small one: 3 per CI run, FUZZ_RUNS/100 in a long run.
      { ...params(3), numRuns: process.env.FUZZ_RUNS ? Math.ceil(runs(300) / 100) : 3 },
    );
  });
});
