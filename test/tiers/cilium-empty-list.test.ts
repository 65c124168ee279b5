/**
 * A Cilium policy's `egress: []` (or `ingress: []`) is ignored by Cilium: a direction is enforced only when
 * one of its lists holds a rule. Written alone that way it reads like NetworkPolicy's deny-all, and the diff
 * of a commit adding it says only "No change" (real-eval 24: a policy whose comment meant "no egress at all").
 * A MISSING_FIELD warning at the list's line says so and names `egress: [{}]`; none where the spec isolates
 * that direction otherwise (deny rules, `enableDefaultDeny`).
 */
import { analyzeFiles, analyzeYaml } from '../helpers/analyze.js';

function cnp(spec: string): string {
  return `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: idp
  namespace: auth
spec:
  endpointSelector:
    matchLabels:
      app: idp
${spec}---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: idp
  namespace: auth
spec:
  template:
    metadata:
      labels:
        app: idp
`;
}

function emptyListWarnings(spec: string): { line: number; message: string }[] {
  return analyzeYaml(cnp(spec)).json.warnings.filter((w) => w.code === 'MISSING_FIELD' && w.message.includes('empty list'));
}

describe('an empty ingress or egress list of a Cilium policy', () => {
  it('is said at its line, with the deny-all form; the pods stay open that way', () => {
    const w = emptyListWarnings('  egress: []\n');
    expect(w.map((x) => x.line)).toEqual([10]);
    expect(w[0].message).toContain('CiliumNetworkPolicy auth/idp: spec.egress is an empty list, which Cilium ignores: it puts no pod in default deny for egress and allows nothing (to deny all egress, write `egress: [{}]`)');
    const a = analyzeYaml(cnp('  egress: []\n'));
    expect(a.json.connections.some((c) => c.src.id === 'auth/idp[Deployment]' && c.dst.type === 'external')).toBe(true);
  });

  it('not said where deny rules isolate that way, nor for a list with a rule; enableDefaultDeny does not make it apply', () => {
    expect(emptyListWarnings('  egress: []\n  egressDeny:\n    - toEntities: [world]\n')).toEqual([]);
    expect(emptyListWarnings('  enableDefaultDeny:\n    egress: true\n  egress: []\n').map((x) => x.line)).toEqual([12]);
    expect(emptyListWarnings('  egress: [{}]\n')).toEqual([]);
    expect(emptyListWarnings('  ingress: []\n').map((x) => x.line)).toEqual([10]);
  });
});

describe('enableDefaultDeny without rules that way', () => {
  it('isolates nothing: Cilium enforces a direction only for a spec with rules in it', () => {
    const open = analyzeYaml(cnp('  enableDefaultDeny:\n    egress: true\n'));
    expect(open.json.connections.some((c) => c.src.id === 'auth/idp[Deployment]' && c.dst.type === 'external')).toBe(true);
    const isolated = analyzeYaml(cnp('  enableDefaultDeny:\n    egress: true\n  egress: [{}]\n'));
    expect(isolated.json.connections.some((c) => c.src.id === 'auth/idp[Deployment]')).toBe(false);
  });
});

describe('the warning in a Kustomize build', () => {
  it("is said at the list's line of the source file, not at the object's", () => {
    const policy = `# a comment first\n${cnp('  egress: []\n').split('---')[0]}`;
    const a = analyzeFiles([
      { path: 'app/kustomization.yaml', text: 'resources:\n  - policy.yaml\n' },
      { path: 'app/policy.yaml', text: policy },
    ]);
    const w = a.json.warnings.filter((x) => x.code === 'MISSING_FIELD' && x.message.includes('empty list'));
    expect(w.map((x) => `${x.file}:${x.line}`)).toEqual(['app/policy.yaml:11']);
  });
});
