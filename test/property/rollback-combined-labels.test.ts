/**
 * The rollback judges a reverted head as the diff judges head (src/analysis/rollback-search.ts): applied with
 * `git apply`, it leaves no opened path but the label-combination openings of that very diff, and no document of
 * it can be left out. Policies drawn from a pool whose selectors make label combinations (an operator's label
 * beside the apps' labels, fixtures in test/fixtures/combined-labels), on both sides, so that a revert often turns
 * a combination into an ordinary opening or back. And the head-free judgment the rollback's first tests use
 * (maybeCombinedLabels) accepts every pair the diff's judgment accepts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { representedRegions } from '../../src/analysis/represented-regions.js';
import { buildRegions, combinedLabelsOpening, computeConnectivity, diffConnectivity, maybeCombinedLabels } from '../../src/engine/index.js';
import { loadManifests } from '../../src/manifests/load.js';
import { params } from './harness.js';
import { expectRollbackCloses } from './rollback-closes.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'combined-labels', 'base-undone');
// The apps, op-worker (the operator's label and tier=worker) and the apps' own policies, on both sides.
const APPS = readFileSync(join(FIX, 'apps.yaml'), 'utf8');
const POLICIES = readFileSync(join(FIX, 'policies.yaml'), 'utf8');
const OP = 'app.kubernetes.io/name: some-operator';

const SELECTORS = [`{${OP}}`, `{app: web, ${OP}}`, `{app: api, ${OP}}`, '{tier: worker}'];
const FROM = [
  '- namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}\n          podSelector: {matchLabels: {app.kubernetes.io/name: prometheus}}',
  '- podSelector: {matchLabels: {app: client}}',
  '- podSelector: {matchLabels: {app: web}}',
];
const PORTS = [8443, 8080, 9090];

/** A policy's rules: [from, port] each; none: a lock-down admitting nothing. Prometheus on 8443 most often. */
type Policy = readonly (readonly [number, number])[];

const policy: fc.Arbitrary<Policy> = fc.array(
  fc.oneof({ arbitrary: fc.constant([0, 0] as const), weight: 3 }, { arbitrary: fc.tuple(fc.nat(FROM.length - 1), fc.nat(PORTS.length - 1)), weight: 2 }),
  { maxLength: 2 },
);

function policyYaml(i: number, p: Policy): string {
  const rules = p.map(([f, port]) => `    - from:\n        ${FROM[f]}\n      ports:\n        - port: ${PORTS[port]}\n`).join('');
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p${i}\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels: ${SELECTORS[i]}\n  policyTypes: [Ingress]\n${rules ? `  ingress:\n${rules}` : ''}`;
}

/** A policy slot's [base, head]: the same on both sides, added by head (most often), removed, or edited. */
const slot: fc.Arbitrary<readonly [Policy | null, Policy | null]> = fc.oneof(
  { arbitrary: policy.map((p) => [p, p] as const), weight: 1 },
  { arbitrary: policy.map((p) => [null, p] as const), weight: 3 },
  { arbitrary: policy.map((p) => [p, null] as const), weight: 1 },
  { arbitrary: fc.tuple(policy, policy), weight: 1 },
  { arbitrary: fc.constant([null, null] as const), weight: 1 },
);

/** Per selector, the policy p<i> selecting it on each side. */
const sides = fc.array(slot, { minLength: SELECTORS.length, maxLength: SELECTORS.length }).map((slots) => {
  const text = (which: 0 | 1) => [APPS, POLICIES, ...slots.flatMap((s, i) => (s[which] ? [policyYaml(i, s[which]!)] : []))].join('---\n');
  return [[{ path: 'k8s/all.yaml', text: text(0) }], [{ path: 'k8s/all.yaml', text: text(1) }]] as const;
});

describe('rollback with label combinations', () => {
  it('leaves only the label-combination openings of the reverted head, and none of its documents can be left out', async () => {
    let combinations = 0;
    await fc.assert(
      fc.asyncProperty(sides, async ([baseFiles, headFiles]) => {
        const report = await expectRollbackCloses(baseFiles, headFiles, 'proven');
        if (report.counts.combinedLabels) combinations++;
      }),
      params(40),
    );
    // The pool makes label combinations: the property is not vacuous.
    expect(combinations).toBeGreaterThan(0);
  });

  it('a pair maybeCombinedLabels rejects is no label-combination opening of any head: the rollback first tests count it', () => {
    let judged = 0;
    fc.assert(
      fc.property(sides, ([baseFiles, headFiles]) => {
        const base = loadManifests(baseFiles).cluster;
        const head = loadManifests(headFiles).cluster;
        const regions = buildRegions([base, head]);
        const [baseConn, headConn] = [computeConnectivity(base, regions), computeConnectivity(head, regions)];
        const opened = diffConnectivity(baseConn, headConn, { regions }).pairs.filter((p) => p.opened);
        const combined = combinedLabelsOpening({ regions, base: baseConn, head: headConn, represented: representedRegions(regions, base, head) });
        const maybe = maybeCombinedLabels({ regions, base: baseConn });
        for (const p of opened.filter(combined)) {
          judged++;
          expect(maybe(p)).toBe(true);
        }
      }),
      params(40),
    );
    expect(judged).toBeGreaterThan(0);
  });
});
