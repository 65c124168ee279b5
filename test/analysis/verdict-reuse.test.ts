/**
 * The abstract lines' region verdicts a warm next push takes from the last push (analysis/exceptions-reuse.ts)
 * are taken only for a region the step left as it was: a namespace whose own egress policy the next push
 * removes gets its verdict found again, and the line's exceptions are what a cold run finds.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { DiffOptions } from '../../src/analysis/diff-report.js';
import { diffJson } from '../../src/report/diff-json.js';
import { clearWarmState } from '../../src/targets/warm-state.js';

const ns = (name: string) => ({ path: `ns/${name}.yaml`, text: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n    team: ${name}\n` });
const app = (name: string, namespace: string) => ({
  path: `apps/${namespace}-${name}.yaml`,
  text: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  template:\n    metadata:\n      labels:\n        app: ${name}\n`,
});
const policy = (namespace: string, name: string, spec: string) => ({
  path: `policies/${namespace}-${name}.yaml`,
  text: `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n${spec}`,
});
// x's ingress: nothing on base, from every namespace on head (an abstract line from all namespaces' pods).
const denyX = policy('t', 'x-in', `  podSelector:\n    matchLabels:\n      app: x\n  policyTypes: [Ingress]\n`);
const openX = policy('t', 'x-in', `  podSelector:\n    matchLabels:\n      app: x\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - namespaceSelector: {}\n`);
// c's pods may send nothing: on both sides they do not get what the line opens (an exception of it).
const cEgress = policy('c', 'no-egress', `  podSelector: {}\n  policyTypes: [Egress]\n`);

describe("a warm next push's region verdicts", () => {
  afterEach(clearWarmState);

  it('are found again for a namespace the step changed, as a cold run finds them', () => {
    const common = [ns('t'), ns('a'), ns('b'), ns('c'), app('x', 't'), app('p', 'a'), app('q', 'b'), app('r', 'c')];
    const base = [...common, denyX, cEgress];
    const head = [...common, openX, cEgress];
    // The next push drops c's egress policy: c's pods now get what the line opens.
    const next = head.filter((f) => f !== cEgress);
    const options: DiffOptions = { baseKey: 'tree' };
    const lastCold = diffJson(analyzeDiff(base, head, options));
    clearWarmState();
    const cold = diffJson(analyzeDiff(base, next, options));
    clearWarmState();
    const last = diffJson(analyzeDiff(base, head, options));
    const warm = diffJson(analyzeDiff(base, next, options));
    expect(last).toBe(lastCold);
    // The last push's line names c's pods as an exception; the next push's does not.
    expect(last).toContain('"id": "c/[all pods]"');
    expect(cold).not.toContain('"id": "c/[all pods]"');
    expect(warm).toBe(cold);
  });
});
