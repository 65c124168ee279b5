/**
 * explain's suggested edits to a CiliumNetworkPolicy are written in its own fields (fromEndpoints, toPorts …),
 * and pasting one into the policy allows the traffic; none is suggested inside a CiliumClusterwideNetworkPolicy.
 * Hand-written fixtures.
 */
import yaml from 'js-yaml';
import type { ExplainReport } from '../../src/analysis/explain-run.js';
import { explainFiles } from '../../src/analysis/explain-run.js';
import type { Edit } from '../../src/engine/index.js';
import { ConnectionSet } from '../../src/engine/index.js';
import { editText, editYaml, mismatchText } from '../../src/report/mismatch-text.js';
import { explainText } from '../../src/report/explain-text.js';
import { peerLabels } from '../../src/report/peer-label.js';

const WORLD = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Namespace
metadata: {name: other}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: x}]}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template: {metadata: {labels: {app: api}}, spec: {containers: [{name: c, image: x}]}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: other}
spec:
  selector: {matchLabels: {app: client}}
  template: {metadata: {labels: {app: client}}, spec: {containers: [{name: c, image: x}]}}
`;

interface Cnp {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec: Record<string, Record<string, unknown>[]>;
}

const API_IN: Cnp = {
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumNetworkPolicy',
  metadata: { name: 'api-in', namespace: 'shop' },
  spec: {
    endpointSelector: { matchLabels: { app: 'api' } } as never,
    ingress: [{ fromEndpoints: [{ matchLabels: { app: 'web' } }], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] }],
  },
};

function explain(policies: Cnp[], from: string, to: string, ports: string[]): ExplainReport {
  const text = [WORLD, ...policies.map((p) => yaml.dump(p))].join('---\n');
  const r = explainFiles([{ path: 'k8s.yaml', text }], { from, to, ports });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

function explained(r: ExplainReport) {
  if (r.answer.kind !== 'explained') throw new Error('absent');
  return { ex: r.answer.explanation, edits: r.answer.edits };
}

/** Pastes an edit's YAML where it says, as a developer would. */
function paste(p: Cnp, e: Edit): Cnp {
  const spec = structuredClone(p.spec);
  const added = yaml.load(editYaml(e)) as Record<string, unknown>[];
  const rules = (spec[e.direction] ??= []);
  if (e.change.kind === 'add-rule') rules.push(...added);
  else if (e.change.kind === 'add-ports') rules[e.rule!].toPorts = [...((rules[e.rule!].toPorts as unknown[]) ?? []), ...added];
  else {
    const field = editText(e, 'x', { name: 'x → y', asked: ConnectionSet.NONE }).match(/to the (\w+) of/)![1];
    rules[e.rule!][field] = [...((rules[e.rule!][field] as unknown[]) ?? []), ...added];
  }
  return { ...p, spec };
}

describe('explain edits to Cilium policies', () => {
  it("are written in a CiliumNetworkPolicy's fields, another namespace by its label, ports as strings; pasted, they allow the traffic", () => {
    const r = explain([API_IN], 'other/client', 'shop/api', ['443']);
    expect(explained(r).ex.verdict).toBe('denied');
    const edits = explained(r).edits.get('ingress')!;
    expect(edits.length).toBeGreaterThan(0);
    for (const e of edits) {
      const text = editYaml(e);
      // No NetworkPolicy field: from, podSelector, namespaceSelector, a rule-level ports list, a numeric port.
      expect(text).not.toMatch(/(^|\s)(from|podSelector|namespaceSelector):/m);
      expect(text).not.toMatch(/^ {0,2}ports:|port: 443$/m);
      const after = explain([paste(API_IN, e)], 'other/client', 'shop/api', ['443']);
      expect(explained(after).ex.verdict).toBe('allowed');
    }
    const rule = edits.find((e) => e.change.kind === 'add-rule');
    expect(rule && editYaml(rule)).toBe(
      ['- fromEndpoints:', '    - matchLabels:', '        k8s:io.kubernetes.pod.namespace: other', '        app: client', '  toPorts:', '    - ports:', '        - port: "443"', '          protocol: TCP'].join('\n'),
    );
  });

  it('an address peer goes under fromCIDR, the name of the field said in the edit', () => {
    const r = explain([API_IN], '192.0.2.10', 'shop/api', ['8080']);
    const edits = explained(r).edits.get('ingress')!;
    const peer = edits.find((e) => e.change.kind === 'add-peer')!;
    expect(editText(peer, '192.0.2.10', { name: '192.0.2.10 → shop/api', asked: ConnectionSet.port('TCP', 8080) })).toMatch(/^add 192\.0\.2\.10 to the fromCIDR of CiliumNetworkPolicy shop\/api-in ingress rule 1/);
    expect(editYaml(peer)).toBe('- 192.0.2.10/32');
    expect(explained(explain([paste(API_IN, peer)], '192.0.2.10', 'shop/api', ['8080'])).ex.verdict).toBe('allowed');
  });

  it('no edit is suggested inside a CiliumClusterwideNetworkPolicy (one copy per namespace in the model: what editing the file opens elsewhere is unknown)', () => {
    const ccnp: Cnp = { apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name: 'all-in' }, spec: { endpointSelector: {} as never, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'web' } }] }] } };
    const r = explain([ccnp], 'other/client', 'shop/api', ['443']);
    expect(explained(r).ex.verdict).toBe('denied');
    expect((explained(r).edits.get('ingress') ?? []).filter((e) => e.policy.includes('CiliumClusterwideNetworkPolicy'))).toEqual([]);
    // …and says so, where a silence read as "nothing to edit".
    expect(explainText(r, peerLabels(r.workloads))).toContain('no edit suggested inside CiliumClusterwideNetworkPolicy all-in (in shop) (k8s.yaml:');
  });

  it("near misses speak the rule's own fields: fromEndpoints[i], io.kubernetes.pod.namespace, io.cilium.k8s.namespace.labels.<key>, fromCIDR[i], never from[i], namespaceSelector or podSelector", () => {
    const cnp: Cnp = {
      ...API_IN,
      spec: {
        endpointSelector: { matchLabels: { app: 'api' } } as never,
        ingress: [
          { fromCIDR: ['10.0.0.0/8'], fromEndpoints: [{ matchLabels: { app: 'client' } }] },
          { fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'data', app: 'client' } }] },
          { fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'other', app: 'web' } }] },
        ],
      },
    };
    const ccnp: Cnp = {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumClusterwideNetworkPolicy',
      metadata: { name: 'api-cw' },
      spec: { endpointSelector: { matchLabels: { app: 'api' } } as never, ingress: [{ fromEndpoints: [{ matchLabels: { 'io.cilium.k8s.namespace.labels.team': 'red' } }] }] },
    };
    const r = explain([cnp, ccnp], 'other/client', 'shop/api', ['443']);
    const ingress = explained(r).ex.directions.find((d) => d.direction === 'ingress')!;
    const said = ingress.nearMisses.flatMap((m) => m.mismatches.map((x) => `${m.policy} ${m.rule + 1}: ${mismatchText(x, 'ingress')}`)).sort();
    expect(said).toEqual([
      'shop/api-cw[CiliumClusterwideNetworkPolicy] 1: fromEndpoints[0] requires io.cilium.k8s.namespace.labels.team=red, namespace other has no label team',
      'shop/api-in[CiliumNetworkPolicy] 1: fromCIDR[0] (10.0.0.0/8) selects addresses outside the cluster, never pods',
      'shop/api-in[CiliumNetworkPolicy] 1: fromEndpoints[0] has no io.kubernetes.pod.namespace, so it selects pods of namespace shop only; source is in other',
      'shop/api-in[CiliumNetworkPolicy] 2: fromEndpoints[0] requires io.kubernetes.pod.namespace=data, source is in namespace other',
      'shop/api-in[CiliumNetworkPolicy] 3: fromEndpoints[0] requires app=web, source has app=client',
    ]);
  });
});
