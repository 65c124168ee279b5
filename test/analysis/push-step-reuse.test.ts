/**
 * The App's next push reuses the last push's explanations (and diff) although its options differ from the
 * last push's in what the report adds around them: the objects the change removes elsewhere
 * (`changedObjects`) and the rollback's scope change with every push that removes something, and keying the
 * reuse by every option made it never apply to such a push (report-reuse.ts `pushStepKey`).
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { DiffOptions } from '../../src/analysis/diff-report.js';
import { diffJson } from '../../src/report/diff-json.js';
import { clearWarmState } from '../../src/targets/warm-state.js';

const ns = (name: string) => ({ path: `ns/${name}.yaml`, text: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n` });
const app = (name: string, namespace: string) => ({
  path: `apps/${namespace}-${name}.yaml`,
  text: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  template:\n    metadata:\n      labels:\n        app: ${name}\n`,
});
const deny = (namespace: string) => ({
  path: `policies/${namespace}-deny.yaml`,
  text: `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: ${namespace}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`,
});

describe("a next push whose options differ only in the report's parts", () => {
  afterEach(clearWarmState);

  it("reuses the last push's explanations of pairs the step does not reach, and reports what a cold run reports", () => {
    const base = [ns('a'), ns('b'), app('x', 'a'), app('y', 'a'), app('p', 'b'), app('q', 'b'), deny('b')];
    const head = [ns('a'), ns('b'), app('x', 'a'), app('y', 'a'), app('p', 'b'), app('q', 'b'), deny('a')];
    // The next push also drops q (namespace b): namespace a's pairs are as they were.
    const next = head.filter((f) => f.path !== 'apps/b-q.yaml');
    const first: DiffOptions = { baseKey: 'tree', changedObjects: { removed: [], held: [] } };
    const second: DiffOptions = { baseKey: 'tree', changedObjects: { removed: [{ kind: 'Service', name: 'q', namespace: 'b' }], held: [] } };
    const cold = diffJson(analyzeDiff(base, next, second));
    clearWarmState();
    const last = analyzeDiff(base, head, first);
    const warm = analyzeDiff(base, next, second);
    expect(diffJson(warm)).toBe(cold);
    const xy = (r: typeof warm) => r.pairs.find((p) => p.src.type === 'workload' && p.src.workload.name === 'x' && p.dst.type === 'workload' && p.dst.workload.name === 'y');
    expect(xy(last)?.closed).not.toBeNull();
    // The very reasons of the last push: reused, not explained again.
    expect(xy(warm)?.whyClosed).toBe(xy(last)?.whyClosed);
  });
});
