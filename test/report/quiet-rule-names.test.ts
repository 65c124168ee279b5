/**
 * Quiet changes cite a cluster-wide rule as its policy lists it, one naming for every kind (policy-terms.ts
 * `tierRuleName`, `tierRuleOfPolicy`), as explain does: an AdminNetworkPolicy rule with its `name`, a Cilium deny
 * rule by its list (`ingressDeny rule 1`, not `ingress rule 1`, which is the policy's allow rule). Before, both were
 * named `ingress rule 1` (quiet56's leftover), in the why (`… decides it first`) and in the peer lines under the policy.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { targetsText } from '../../src/report/targets-text.js';
import { targetsJson } from '../../src/report/targets-json.js';

type Files = Record<string, string>;
const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));
const run = (base: Files, head: Files) => analyzeTargets(asList(base), asList(head));
const deploy = (ns: string, app: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${app}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${app}}}\n  template:\n    metadata: {labels: {app: ${app}}}\n    spec: {containers: [{name: c, image: ${app}}]}\n`;
const DB_IN = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db-in, namespace: db}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{podSelector: {matchLabels: {app: api}}}]\n';
const WIDER = DB_IN.replace('{podSelector: {matchLabels: {app: api}}}', '{podSelector: {matchLabels: {app: api}}}, {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: web}}}');
const ANP = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: guard}\nspec:\n  priority: 10\n  subject:\n    namespaces: {matchLabels: {kubernetes.io/metadata.name: db}}\n  ingress:\n    - name: no-web\n      action: Deny\n      from:\n        - namespaces: {matchLabels: {kubernetes.io/metadata.name: web}}\n';
const CNP = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: no-web, namespace: db}\nspec:\n  endpointSelector: {}\n  ingressDeny:\n    - fromEndpoints:\n        - matchLabels:\n            k8s:io.kubernetes.pod.namespace: web\n';
const BASE: Files = { 'db.yaml': deploy('db', 'db'), 'web.yaml': deploy('web', 'web'), 'db-in.yaml': DB_IN };

describe('quiet changes name cluster-wide rules as their policies list them', () => {
  it('an AdminNetworkPolicy rule with its name: in the why and in its own peer line', async () => {
    const withAnp = { ...BASE, 'anp.yaml': ANP };
    const first = targetsText(await run(withAnp, { ...withAnp, 'db-in.yaml': WIDER }));
    expect(first).toMatch(/ingress rule 1 now admits web\/\[all pods\] on any port \(db-in\.yaml:\d+\): no path opens: AdminNetworkPolicy guard ingress rule 1 "no-web" \(anp\.yaml:\d+\) decides it first/);
    const r = await run(BASE, withAnp);
    expect(targetsText(r)).toMatch(/ingress rule 1 "no-web" now denies web\/\[all pods\] on any port \(anp\.yaml:\d+\): no path closes/);
    const json = JSON.parse(targetsJson(r)) as { quietChanges?: { peers: { kind?: string; name?: string; rule: number }[] }[] };
    expect(json.quietChanges?.[0].peers.map((p) => [p.kind, p.name, p.rule])).toEqual([['AdminNetworkPolicy', 'no-web', 1]]);
  });

  it('a Cilium deny rule by its ingressDeny list: in the why and in its own peer line', async () => {
    const withCnp = { ...BASE, 'cnp.yaml': CNP };
    const first = targetsText(await run(withCnp, { ...withCnp, 'db-in.yaml': WIDER }));
    expect(first).toMatch(/no path opens: CiliumNetworkPolicy db\/no-web ingressDeny rule 1 \(cnp\.yaml:\d+\) decides it first/);
    const added = targetsText(await run(BASE, withCnp));
    expect(added).toMatch(/ingressDeny rule 1 now denies web\/\[all pods\] on any port \(cnp\.yaml:\d+\): no path closes/);
    expect(added).not.toMatch(/\bingress rule 1 now denies/);
  });
});
