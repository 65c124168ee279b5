/**
 * Cluster-wide policies whose change shows in no path get a why too, from the one tiered evaluator every kind
 * goes through (ux42's leftover 2: an AdminNetworkPolicy or BaselineAdminNetworkPolicy that changed no path
 * was named with its rules' lines and no reason).
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { targetsText } from '../../src/report/targets-text.js';
import { targetsJson } from '../../src/report/targets-json.js';

type Files = Record<string, string>;
const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));
const run = (base: Files, head: Files) => analyzeTargets(asList(base), asList(head));
const deploy = (ns: string, app: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${app}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${app}}}\n  template:\n    metadata: {labels: {app: ${app}}}\n    spec: {containers: [{name: c, image: ${app}}]}\n`;
const DB_IN = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db-in, namespace: db}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{podSelector: {matchLabels: {app: api}}}]\n';
const ANP = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: guard}\nspec:\n  priority: 10\n  subject:\n    namespaces: {matchLabels: {kubernetes.io/metadata.name: db}}\n  ingress:\n    - name: no-web\n      action: Deny\n      from:\n        - namespaces: {matchLabels: {kubernetes.io/metadata.name: web}}\n';
const BANP = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec:\n  subject:\n    namespaces: {matchLabels: {kubernetes.io/metadata.name: db}}\n  ingress:\n    - name: web\n      action: Allow\n      from:\n        - namespaces: {matchLabels: {kubernetes.io/metadata.name: web}}\n';
const BASE: Files = { 'db.yaml': deploy('db', 'db'), 'web.yaml': deploy('web', 'web'), 'db-in.yaml': DB_IN };

describe('quiet cluster-wide policies say why no path changed (ux42 left 2)', () => {
  it('an AdminNetworkPolicy Deny rule for traffic base already denied: names the policy that denied it', async () => {
    const r = await run(BASE, { ...BASE, 'anp.yaml': ANP });
    expect(r.counts.opened + r.counts.closed).toBe(0);
    const text = targetsText(r);
    expect(text).toContain('AdminNetworkPolicy guard added (anp.yaml:1)');
    expect(text).toMatch(/ingress rule 1 "no-web" now denies web\/\[all pods\] on any port \(anp\.yaml:\d+\): no path closes: base already denied it \(NetworkPolicy db\/db-in \(base:db-in\.yaml:1\)\)/);
    const json = JSON.parse(targetsJson(r)) as { quietChanges?: { peers: { action?: string; why?: { kind: string } }[] }[] };
    expect(json.quietChanges?.[0].peers.map((p) => [p.action, p.why?.kind])).toEqual([['Deny', 'already-denied']]);
  });

  it('a BaselineAdminNetworkPolicy Allow rule for pods a NetworkPolicy isolates: the NetworkPolicy tier decides first', async () => {
    const r = await run(BASE, { ...BASE, 'banp.yaml': BANP });
    expect(r.counts.opened + r.counts.closed).toBe(0);
    expect(targetsText(r)).toMatch(/ingress rule 1 "web" now admits web\/\[all pods\] on any port \(banp\.yaml:\d+\): no path opens: the NetworkPolicy tier decides it first \(its ingress is isolated by NetworkPolicy db\/db-in \(db-in\.yaml:1\)\)/);
  });

  it('a NetworkPolicy rule under an Admin Deny: the Admin rule decides it first', async () => {
    const wider = DB_IN.replace('{podSelector: {matchLabels: {app: api}}}', '{podSelector: {matchLabels: {app: api}}}, {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: web}}}');
    const withAnp = { ...BASE, 'anp.yaml': ANP };
    const r = await run(withAnp, { ...withAnp, 'db-in.yaml': wider });
    expect(r.counts.opened + r.counts.closed).toBe(0);
    expect(targetsText(r)).toMatch(/ingress rule 1 now admits web\/\[all pods\] on any port \(db-in\.yaml:\d+\): no path opens: AdminNetworkPolicy guard ingress rule 1 "no-web" \(anp\.yaml:\d+\) decides it first/);
  });
});
