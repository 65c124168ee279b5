/**
 * A new Namespace whose labels an unchanged rule admits (GoogleCloudPlatform/gke-network-policy-demo
 * 5484534: `Namespace hello-apps {team: hello}` beside a policy of namespace `web` admitting
 * `namespaceSelector: {team: hello}`). In base the name `hello-apps` is a namespace carrying only its name
 * label, so the pods that change are hello-apps's: the pair is `hello-apps/[all pods] => web/server`.
 * It was named after the rule's peer, `[namespace with {team=hello}]/[all pods]`, a set base admitted
 * already (the diff's label space outside the namespaces the change reaches is not cut by that peer, so
 * its other namespaces lay in a region it was not said to hold); `diff --explain` on that pair said
 * ALLOWED on both sides and "opens any port". Each reported pair must agree with `diff --explain` on it.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { explainDiffFiles, sideChange } from '../../src/analysis/explain-run.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { diffText } from '../../src/report/diff-text.js';
import type { JsonConns, JsonSetsPair } from '../helpers/pair-sets.js';
import { regionPairs } from '../helpers/region-pairs.js';

type JsonConn = JsonConns;
type JsonPair = JsonSetsPair;

const namespace = (team: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: hello-apps\n  labels: {team: ${team}}\n`;
const deployment = (name: string, ns: string, app: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${app}}}\n  template:\n    metadata: {labels: {app: ${app}}}\n    spec: {containers: [{name: c, image: nginx}]}\n`;
const WEB = `${deployment('server', 'web', 'server')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-team-hello, namespace: web}
spec:
  podSelector: {matchLabels: {app: server}}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {team: hello}}
`;
const CLIENT = `${deployment('cli', 'client', 'cli')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress, namespace: client}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector: {matchLabels: {team: hello}}
`;
const ANP = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: isolate-hello}
spec:
  priority: 10
  subject:
    namespaces: {matchLabels: {team: hello}}
  ingress:
    - name: deny-all
      action: Deny
      from:
        - namespaces: {}
`;

const files = (docs: Record<string, string>): ManifestFile[] => Object.entries(docs).map(([path, text]) => ({ path, text }));
const NS = { 'ns.yaml': namespace('hello') };

/** Variant name, base, head, the pairs (src => dst) the diff of base to head reports (and head to base, when not the same). */
const CASES: [string, ManifestFile[], ManifestFile[], string[], string[]?][] = [
  ['a new Namespace admitted by an ingress rule', files({ 'web.yaml': WEB }), files({ 'web.yaml': WEB, ...NS }), ['hello-apps/[all pods] => web/server[Deployment]']],
  ['a new Namespace reached by an egress rule', files({ 'c.yaml': CLIENT }), files({ 'c.yaml': CLIENT, ...NS }), ['client/cli[Deployment] => hello-apps/[all pods]']],
  [
    'a Namespace relabelled team=x to team=hello',
    files({ 'web.yaml': WEB, 'ns.yaml': namespace('x') }),
    files({ 'web.yaml': WEB, ...NS }),
    ['hello-apps/[all pods] => web/server[Deployment]'],
  ],
  [
    'a new Namespace that an AdminNetworkPolicy subject selects',
    files({ 'anp.yaml': ANP }),
    files({ 'anp.yaml': ANP, ...NS }),
    [
      '[namespace with {kubernetes.io/metadata.name NotIn (hello-apps),team NotIn (hello)}]/[all pods] => hello-apps/[all pods]',
      '[namespace with {team=hello,kubernetes.io/metadata.name NotIn (hello-apps)}]/[all pods] => hello-apps/[all pods]',
      'hello-apps/[all pods] => hello-apps/[all pods]',
    ],
    // The mirror deletes hello-apps, which nothing else uses: its pods are gone, so removing the Deny opens nothing there (namespace-lifecycle.ts).
    [],
  ],
];

// Region pairs, each region of a group end on its own (docs/cli.md "Region groups"); with the closings set apart
// for a namespace the change creates (`createdNamespaces`: they hold if it existed before, which explain assumes).
type Doc = { pairs: JsonPair[]; createdNamespaces?: { pairs: JsonPair[] } };
const jsonPairs = (base: ManifestFile[], head: ManifestFile[]) => {
  const doc = diffJsonObject(analyzeDiff(base, head)) as Doc;
  return [...regionPairs(doc), ...(doc.createdNamespaces ? regionPairs(doc.createdNamespaces) : [])];
};
const key = (c: JsonConn | null) => JSON.stringify(c ?? null);

describe('a new or relabelled Namespace under an unchanged rule is named by its namespace', () => {
  describe.each(CASES)('%s', (_name, base, head, forward, mirror) => {
    it.each([
      ['base to head', base, head, forward],
      ['head to base (the mirror)', head, base, mirror ?? forward],
    ])('%s: the exact pairs, each a real change that diff --explain confirms', (direction, from, to, expected) => {
      const found = jsonPairs(from, to);
      expect(found.map((p) => `${p.src.id} => ${p.dst.id}`).sort()).toEqual([...expected].sort());
      for (const p of found) {
        // The pair's base is not already what head allows (the old false line: base null was claimed for
        // a peer base admitted), and its change is the one its sets give.
        expect(key(p.base)).not.toBe(key(p.head));
        const r = explainDiffFiles(from, to, { from: p.src.id, to: p.dst.id, ports: [] });
        if (!r.ok) throw new Error(r.message);
        const change = sideChange(r.value);
        expect([direction, p.src.id, p.dst.id, change.partly ?? false]).toEqual([direction, p.src.id, p.dst.id, false]);
        expect(key(change.opened.isEmpty() ? null : (change.opened.toJSON() as JsonConn))).toBe(key(p.opened));
        expect(key(change.closed.isEmpty() ? null : (change.closed.toJSON() as JsonConn))).toBe(key(p.closed));
      }
    });
  });

  it('the text names hello-apps, not the rule peer, and keeps the rollback', () => {
    const text = diffText(analyzeDiff(files({ 'web.yaml': WEB }), files({ 'web.yaml': WEB, ...NS })));
    expect(text).toContain('Opens web/server to hello-apps/[all pods] on any port');
    expect(text).not.toContain('[namespace with {team=hello}]');
    expect(text).toContain('delete Namespace/hello-apps (ns.yaml:1)');
  });

  it('a workload of the relabelled namespace: the wider line names hello-apps/[all pods] (today the workload)', () => {
    const app = { 'app.yaml': deployment('app', 'hello-apps', 'hi') };
    const text = diffText(analyzeDiff(files({ 'web.yaml': WEB, 'ns.yaml': namespace('x'), ...app }), files({ 'web.yaml': WEB, ...NS, ...app })));
    expect(text).toContain('web/server[Deployment] now admits hello-apps/[all pods] (hello-apps/app[Deployment] today) on all ports');
    expect(text).not.toContain('[namespace with {team=hello}]');
  });
});
