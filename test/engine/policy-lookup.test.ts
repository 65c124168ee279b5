import { policyById } from '../../src/engine/policy-lookup.js';
import type { NetworkPolicy } from '../../src/engine/model.js';

const policy = (id: string, line: number) => ({ id, ref: { file: 'p.yaml', line } }) as unknown as NetworkPolicy;

describe('policyById', () => {
  it('finds what a linear search by id finds, the first of a repeated id included', () => {
    const policies = [policy('a/x', 1), policy('b/y', 5), policy('a/x', 9)];
    for (const id of ['a/x', 'b/y', 'c/z']) expect(policyById({ policies }, id)).toBe(policies.find((p) => p.id === id));
  });

  it('indexes each policy list on its own', () => {
    const one = [policy('a/x', 1)];
    const other = [policy('a/x', 2)];
    expect(policyById({ policies: one }, 'a/x')).toBe(one[0]);
    expect(policyById({ policies: other }, 'a/x')).toBe(other[0]);
  });
});
