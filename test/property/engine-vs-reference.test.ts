/** Differential test: the engine's connection sets equal the brute-force reference's, sample by sample. */
import fc from 'fast-check';
import { scenarioArb } from './arbitraries.js';
import { compare, params, runEngine, toYaml } from './harness.js';

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
