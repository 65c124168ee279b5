/**
 * An edit explain suggests says what it opens beyond the asked traffic, other ports of the asked pair included:
 * a peer added to a rule without `ports` (Cilium: `toPorts`) admits the pair on every port, and a Cilium port
 * written without a protocol on UDP and SCTP too. Such an edit ranks after the edits that open exactly what
 * was asked (new-user trial 44, F2: it read "(opens nothing else)" and came first). A near miss whose rule lists
 * the asked port (a selector missing by a label Cilium never sets, F5) gets its edit offered among the first.
 * Hand-written fixtures; each suggested edit is pasted and checked.
 */
import yaml from 'js-yaml';
import { explainFiles } from '../../src/analysis/explain-run.js';
import type { ExplainReport } from '../../src/analysis/explain-run.js';
import type { Edit } from '../../src/engine/index.js';
import { editYaml } from '../../src/report/mismatch-text.js';
import { explainText } from '../../src/report/explain-text.js';
import { explainJson } from '../../src/report/explain-json.js';
import { peerLabels } from '../../src/report/peer-label.js';

const namespace = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`;
const deployment = (ns: string, name: string, labels: string, ports = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: ${labels}}\n  template:\n    metadata: {labels: ${labels}}\n    spec: {containers: [{name: c, image: x${ports}}]}\n`;

/** tiles: store (ports 7000, 7100), front, probe; the store admits front on every port. */
const TILES = [
  namespace('tiles'),
  deployment('tiles', 'store', '{role: store}', ', ports: [{containerPort: 7000}, {containerPort: 7100}]'),
  deployment('tiles', 'front', '{role: front}'),
  deployment('tiles', 'probe', '{role: probe}'),
];

type Obj = Record<string, unknown> & { spec: Record<string, unknown[]>; metadata: { name: string; namespace: string } };
const storeIn = (): Obj => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'store-in', namespace: 'tiles' },
  spec: { podSelector: { matchLabels: { role: 'store' } } as never, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { role: 'front' } } }] }] },
});

function explain(docs: readonly string[], objects: readonly Obj[], from: string, to: string, ports: string[]): { report: ExplainReport; text: string; json: { explain: { directions: { direction: string; edits: { text: string; alsoOpens: number; alsoOpensPorts?: unknown }[] }[] } } } {
  const text = [...docs, ...objects.map((o) => yaml.dump(o))].join('---\n');
  const r = explainFiles([{ path: 'k8s.yaml', text }], { from, to, ports });
  if (!r.ok) throw new Error(r.message);
  const label = peerLabels(r.value.workloads);
  return { report: r.value, text: explainText(r.value, label), json: JSON.parse(explainJson(r.value, label)) };
}

function editsOf(r: ExplainReport, direction: string): readonly Edit[] {
  if (r.answer.kind !== 'explained') throw new Error('absent');
  return r.answer.edits.get(direction as 'ingress' | 'egress') ?? [];
}

/** Pastes a NetworkPolicy edit's YAML where it says, as a developer would. */
function paste(p: Obj, e: Edit): Obj {
  const copy = structuredClone(p);
  const added = yaml.load(editYaml(e)) as Record<string, unknown>[];
  const rules = (copy.spec[e.direction] ??= []) as Record<string, unknown>[];
  if (e.change.kind === 'add-rule') rules.push(...added);
  else if (e.change.kind === 'add-peer') rules[e.rule!].from = [...((rules[e.rule!].from as unknown[]) ?? []), ...added];
  else rules[e.rule!].ports = [...((rules[e.rule!].ports as unknown[]) ?? []), ...added];
  return copy;
}

const verdict = (r: ExplainReport) => (r.answer.kind === 'explained' ? r.answer.explanation.verdict : 'absent');

describe('edits that open more of the asked pair than asked say so and rank last', () => {
  it('a peer added to a rule without ports: "also opens every other port of the pair", after the new rule on the asked port', () => {
    const { report, text, json } = explain(TILES, [storeIn()], 'tiles/probe', 'tiles/store', ['7100']);
    expect(text).toContain('    1. add an ingress rule to NetworkPolicy tiles/store-in for tiles/probe on TCP 7100 (opens nothing else) at k8s.yaml:');
    expect(text).toContain('    2. add tiles/probe to the from of NetworkPolicy tiles/store-in ingress rule 1 (also opens every other port of tiles/probe => tiles/store) at k8s.yaml:');
    expect(text).not.toMatch(/to the from of .*\(opens nothing else\)/);
    const [exact, wide] = json.explain.directions.find((d) => d.direction === 'ingress')!.edits;
    expect(exact.alsoOpensPorts).toBeUndefined();
    expect(wide.alsoOpensPorts).toEqual({ protocols: { TCP: [[1, 7099], [7101, 65535]], UDP: [[1, 65535]], SCTP: [[1, 65535]] } });
    // What each says is what pasting it gives: the exact edit leaves TCP 7000 denied, the other allows it.
    const [first, second] = editsOf(report, 'ingress');
    expect(verdict(explain(TILES, [paste(storeIn(), first)], 'tiles/probe', 'tiles/store', ['7100']).report)).toBe('allowed');
    expect(verdict(explain(TILES, [paste(storeIn(), first)], 'tiles/probe', 'tiles/store', ['7000']).report)).toBe('denied');
    expect(verdict(explain(TILES, [paste(storeIn(), second)], 'tiles/probe', 'tiles/store', ['7000']).report)).toBe('allowed');
  });

  it('a rule listing more ports than asked: the other ports named', () => {
    const policy = storeIn();
    policy.spec.ingress = [{ from: [{ podSelector: { matchLabels: { role: 'front' } } }], ports: [{ port: 7000 }, { port: 7100 }] }];
    const { text } = explain(TILES, [policy], 'tiles/probe', 'tiles/store', ['7100']);
    expect(text).toContain('add tiles/probe to the from of NetworkPolicy tiles/store-in ingress rule 1 (also opens tiles/probe => tiles/store on TCP 7000) at');
    expect(text.indexOf('add an ingress rule to NetworkPolicy tiles/store-in')).toBeLessThan(text.indexOf('add tiles/probe to the from'));
  });

  it('a rule listing exactly the asked port: adding the peer opens nothing else and comes first', () => {
    const policy = storeIn();
    policy.spec.ingress = [{ from: [{ podSelector: { matchLabels: { role: 'front' } } }], ports: [{ port: 7100 }] }];
    const { text } = explain(TILES, [policy], 'tiles/probe', 'tiles/store', ['7100']);
    expect(text).toContain('    1. add tiles/probe to the from of NetworkPolicy tiles/store-in ingress rule 1 (opens nothing else) at');
  });

  it('an address added to a rule without ports: the same', () => {
    const policy = storeIn();
    policy.spec.ingress = [{ from: [{ ipBlock: { cidr: '10.9.0.0/16' } }] }];
    const { text } = explain(TILES, [policy], '192.0.2.7', 'tiles/store', ['7100']);
    expect(text).toContain('add 192.0.2.7/32 to the from of NetworkPolicy tiles/store-in ingress rule 1 (also opens every other port of 192.0.2.7/32 => tiles/store) at');
    expect(text).toMatch(/1\. add an ingress rule to NetworkPolicy tiles\/store-in for 192\.0\.2\.7\/32 on TCP 7100 \(opens nothing else\)/);
  });

  it('the source\'s egress rule without ports counts the other ports too, though ingress still denies them', () => {
    const probeOut: Obj = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'probe-out', namespace: 'tiles' },
      spec: { podSelector: { matchLabels: { role: 'probe' } } as never, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { role: 'front' } } }] }] },
    };
    const { text } = explain(TILES, [storeIn(), probeOut], 'tiles/probe', 'tiles/store', ['7100']);
    expect(text).toContain('add tiles/store to the to of NetworkPolicy tiles/probe-out egress rule 1 (also opens every other port of tiles/probe => tiles/store) at');
    expect(text).toMatch(/1\. add an egress rule to NetworkPolicy tiles\/probe-out for tiles\/store on TCP 7100 \(opens nothing else\)/);
  });
});

describe('Cilium: a near miss by a label Cilium never sets', () => {
  const VAULT = [namespace('vault'), namespace('watch'), deployment('vault', 'keeper', '{app: keeper}', ', ports: [{containerPort: 8600}]'), deployment('vault', 'ui', '{app: ui}'), deployment('watch', 'gauge', '{app.kubernetes.io/name: gauge}')];
  const keeper = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: keeper, namespace: vault}
spec:
  endpointSelector: {matchLabels: {app: keeper}}
  ingress:
    - fromEndpoints: [{matchLabels: {app: keeper}}]
    - fromEndpoints: [{matchLabels: {app: ui}}]
    - fromEndpoints:
        - matchLabels:
            app.kubernetes.io/name: gauge
            io.kubernetes.pod.namespace.labels.kubernetes.io/metadata.name: watch
      toPorts: [{ports: [{port: "8600"}]}]
`;

  it("offers the near miss's rule among the first edits, saying the protocols its port admits beside TCP; rules without toPorts last", () => {
    const { text } = explain([...VAULT, keeper], [], 'watch/gauge', 'vault/keeper', ['8600']);
    const lines = text.split('\n').filter((l) => /^ {4}\d\. /.test(l));
    expect(lines).toEqual([
      expect.stringMatching(/^ {4}1\. add an ingress rule to CiliumNetworkPolicy vault\/keeper for watch\/gauge on TCP 8600 \(opens nothing else\)/),
      expect.stringMatching(/^ {4}2\. add watch\/gauge to the fromEndpoints of CiliumNetworkPolicy vault\/keeper ingress rule 3 \(also opens watch\/gauge => vault\/keeper on SCTP 8600 and UDP 8600\)/),
      expect.stringMatching(/^ {4}3\. add watch\/gauge to the fromEndpoints of CiliumNetworkPolicy vault\/keeper ingress rule [12] \(also opens every other port of watch\/gauge => vault\/keeper\)/),
    ]);
  });
});
