/**
 * `explain --port NAME` and `diff --explain … --port NAME` toward pods the manifests do not hold: the
 * name cannot become a number there, so the asked traffic is "the destination's port of that name,
 * whatever its number", evaluated as diff evaluates `namedPorts` (NetworkPolicy rules naming it, Admin /
 * Baseline Deny, Pass and Allow of `namedPort`, ipBlock sources), and the answer agrees with diff's pair.
 */
import { rm } from 'node:fs/promises';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { SideAnswer } from '../../src/analysis/explain-run.js';
import { explainDiffFiles, explainFiles, sideChange } from '../../src/analysis/explain-run.js';
import { main } from '../../src/cli/main.js';
import type { ConnectionSet } from '../../src/engine/index.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { explainJson } from '../../src/report/explain-json.js';
import { explainText } from '../../src/report/explain-text.js';
import { editYaml } from '../../src/report/mismatch-text.js';
import { peerLabels } from '../../src/report/peer-label.js';
import { answered, explanation } from '../helpers/explain-answers.js';
import { tempFolder } from '../helpers/git.js';

const APPS = `apiVersion: v1
kind: Namespace
metadata: {name: payments, labels: {team: pay}}
---
apiVersion: v1
kind: Namespace
metadata: {name: monitoring, labels: {team: mon}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: payments}
spec:
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080, name: http}]}]}
`;

/** payments/api may send to monitoring's prometheus pods (not in the manifests) on 9090, and in head on `port: web` too. */
const egress = (ports: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-egress, namespace: payments}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Egress]
  egress:
  - to:
    - namespaceSelector: {matchLabels: {team: mon}}
      podSelector: {matchLabels: {app: prometheus}}
    ports: [${ports}]
`;

const PROM = '[namespace with {team=mon}]/[pod with {app=prometheus}]';
const files = (...texts: string[]): ManifestFile[] => texts.map((text, i) => ({ path: `f${i}.yaml`, text }));

/** Every direction's allowed set intersected: what the verdict rows must say (the story and the verdict agree). */
function directionsAgree(a: SideAnswer): void {
  const ex = explanation(a);
  const story = ex.directions.reduce<ConnectionSet>((acc, d) => acc.intersect(d.allowed), ex.query.ports);
  expect(story.key).toBe(ex.rows[0].allowed.key);
}

describe('explain by port name toward an abstract destination (NetworkPolicy rules)', () => {
  const base = files(APPS, egress('{port: 9090}'));
  const head = files(APPS, egress('{port: 9090}, {port: web}'));

  it('a rule naming the port allows it whatever its number: ALLOWED on TCP web, as diff reports the pair opened', () => {
    const r = answered(explainFiles(head, { from: 'payments/api', to: PROM, ports: ['web'] }));
    expect(r.query.portName).toBe('web');
    expect(explanation(r.answer).verdict).toBe('allowed');
    directionsAgree(r.answer);
    const text = explainText(r, peerLabels(r.workloads));
    expect(text).toContain(`payments/api => ${PROM} on TCP web: ALLOWED`);
    expect(text).toContain('allowed by NetworkPolicy payments/api-egress egress rule 1 (f1.yaml:8): TCP web');
    const json = JSON.parse(explainJson(r, peerLabels(r.workloads))) as { explain: Record<string, unknown> };
    expect(json.explain).toMatchObject({ portName: 'web', ports: { namedPorts: { TCP: ['web'] } }, verdict: 'allowed', allowed: { namedPorts: { TCP: ['web'] } }, denied: null });
    // diff reports that pair opened by name.
    const pair = analyzeDiff(base, head).pairs.find((p) => p.dst.type === 'pods' && p.dst.peer.id === PROM);
    expect(pair?.namedPorts?.opened).toEqual(['TCP/web']);
  });

  it('base allows the port only if its number is 9090 (PARTLY ALLOWED); diff --explain says the change opens the rest', () => {
    const r = answered(explainDiffFiles(base, head, { from: 'payments/api', to: PROM, ports: ['web'] }));
    expect(explanation(r.base).verdict).toBe('partly');
    directionsAgree(r.base);
    expect(explanation(r.head).verdict).toBe('allowed');
    const change = sideChange(r);
    expect(change.opened.toText()).toBe('TCP 1-9089,9091-65535');
    expect(change.closed.isEmpty()).toBe(true);
  });

  it('another protocol, or a name no rule gives, gets what the numbers give', () => {
    const udp = answered(explainFiles(head, { from: 'payments/api', to: PROM, ports: ['web/UDP'] }));
    expect(explanation(udp.answer).verdict).toBe('denied');
    const other = answered(explainFiles(head, { from: 'payments/api', to: PROM, ports: ['grpc'] }));
    expect(explanation(other.answer).verdict).toBe('partly');
    expect(explainText(other, peerLabels(other.workloads))).toContain('allowed: TCP grpc if numbered 9090');
  });

  it('the suggested edit adds the port by name, and pasted into the policy it allows the port', () => {
    const r = answered(explainFiles(base, { from: 'payments/api', to: PROM, ports: ['web'] }));
    const edits = r.answer.kind === 'explained' ? (r.answer.edits.get('egress') ?? []) : [];
    const addPorts = edits.find((e) => e.change.kind === 'add-ports');
    expect(addPorts?.change).toEqual({ kind: 'add-ports', ports: [{ protocol: 'TCP', port: 'web' }] });
    expect(editYaml(addPorts!)).toBe('- protocol: TCP\n  port: web');
    const fixed = answered(explainFiles(files(APPS, egress('{port: 9090}, {protocol: TCP, port: web}')), { from: 'payments/api', to: PROM, ports: ['web'] }));
    expect(explanation(fixed.answer).verdict).toBe('allowed');
  });

  it('toward a destination pod that names it, the number is used as before', () => {
    const r = answered(explainFiles(head, { from: PROM, to: 'payments/api', ports: ['http'] }));
    expect(r.query.portName).toBeUndefined();
    expect(r.query.ports.toText()).toBe('TCP 8080');
  });
});

/** Namespace monitoring isolates its prometheus pods (none in the manifests) and admits payments on `port: metrics` (UDP too in head). */
const ingress = (ports: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: scrape, namespace: monitoring}
spec:
  podSelector: {matchLabels: {app: prometheus}}
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {team: pay}}
    ports: [${ports}]
`;

describe('explain by port name: the destination region ingress names the port', () => {
  const base = files(APPS, ingress('{port: metrics}'));
  const head = files(APPS, ingress('{port: 9100}'));

  it('region by region: the selected pods by name, the others whatever the number; head closes it, as diff does', () => {
    const r = answered(explainFiles(base, { from: 'payments/api', to: 'monitoring/[all pods]', ports: ['metrics'] }));
    expect(explanation(r.answer).verdict).toBe('allowed');
    const b = answered(explainFiles(base, { from: 'payments/api', to: 'monitoring/[pod with {app=prometheus}]', ports: ['metrics'] }));
    directionsAgree(b.answer);
    const d = answered(explainDiffFiles(base, head, { from: 'payments/api', to: 'monitoring/[all pods]', ports: ['metrics'] }));
    expect(explanation(d.head).verdict).toBe('partly');
    const text = explainText({ ...d, answer: d.head, warnings: [] }, peerLabels(d.workloads));
    expect(text).toContain('monitoring/[pod with {app=prometheus}]: PARTLY ALLOWED, TCP metrics if numbered 9100 allowed');
    expect(sideChange(d).closed.toText()).toBe('TCP 1-9099,9101-65535');
    const pair = analyzeDiff(base, head).pairs.find((p) => p.src.type === 'workload' && p.dst.type === 'pods' && p.dst.peer.id === 'monitoring/[pod with {app=prometheus}]');
    expect(pair?.namedPorts?.closed).toEqual(['TCP/metrics']);
  });

  it('from addresses (an ipBlock source), the region ingress rules name the port as for pods', () => {
    const fromBlock = (ports: string) => ingress(ports).replace('- namespaceSelector: {matchLabels: {team: pay}}', '- ipBlock: {cidr: 10.0.0.0/8}');
    const r = answered(explainFiles(files(APPS, fromBlock('{port: metrics}')), { from: '10.1.0.0/16', to: 'monitoring/[pod with {app=prometheus}]', ports: ['metrics'] }));
    expect(explanation(r.answer).verdict).toBe('allowed');
    directionsAgree(r.answer);
    const outside = answered(explainFiles(files(APPS, fromBlock('{port: metrics}')), { from: '192.168.0.0/16', to: 'monitoring/[pod with {app=prometheus}]', ports: ['metrics'] }));
    expect(explanation(outside.answer).verdict).toBe('denied');
  });
});

const ANP = (action: 'Deny' | 'Pass' | 'Allow') => `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: metrics-${action.toLowerCase()}}
spec:
  priority: 10
  subject:
    namespaces: {matchLabels: {team: mon}}
  ingress:
  - name: metrics
    action: ${action}
    from:
    - namespaces: {matchLabels: {team: pay}}
    ports:
    - namedPort: metrics
`;

const BANP_DENY = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject:
    namespaces: {matchLabels: {team: mon}}
  ingress:
  - name: deny-all
    action: Deny
    from:
    - namespaces: {}
`;

describe('explain by port name under cluster-wide tiers (AdminNetworkPolicy namedPort)', () => {
  const ask = (fs: ManifestFile[]) => answered(explainFiles(fs, { from: 'payments/api', to: 'monitoring/[pod with {app=prometheus}]', ports: ['metrics'] }));

  it('an Admin Deny of the name closes what the NetworkPolicy allows: DENIED, naming the rule; diff --explain and diff close it', () => {
    const base = files(APPS, ingress('{port: metrics}'));
    const head = files(APPS, ingress('{port: metrics}'), ANP('Deny'));
    const r = ask(head);
    expect(explanation(r.answer).verdict).toBe('denied');
    directionsAgree(r.answer);
    const dir = explanation(r.answer).directions.find((d) => d.direction === 'ingress')!;
    expect(dir.tier).toBe('Admin');
    expect(dir.decisions.map((d) => `${d.tier} ${d.action} ${d.name} ${d.conn.toText()}`)).toEqual(['Admin Deny metrics TCP 1-65535']);
    expect(explainText(r, peerLabels(r.workloads))).toContain('AdminNetworkPolicy metrics-deny ingress rule 1 "metrics" (f2.yaml:9): Deny TCP metrics');
    const d = answered(explainDiffFiles(base, head, { from: 'payments/api', to: 'monitoring/[pod with {app=prometheus}]', ports: ['metrics'] }));
    expect(sideChange(d).closed.toText()).toBe('TCP 1-65535');
    const pairs = analyzeDiff(base, head).pairs.filter((p) => p.src.type === 'workload' && p.dst.type === 'pods');
    const names = (id: string) => pairs.find((p) => p.dst.type === 'pods' && p.dst.peer.id === id)?.namedPorts?.closed;
    expect(names('monitoring/[pod with {app=prometheus}]')).toEqual(['TCP/metrics']);
    // The other pods of monitoring were not isolated: the Deny takes the name away on every protocol.
    expect(names('monitoring/[pod with {app NotIn (prometheus)}]')).toEqual(['ANY/metrics']);
    const others = answered(explainDiffFiles(base, head, { from: 'payments/api', to: 'monitoring/[pod with {app NotIn (prometheus)}]', ports: ['metrics/UDP'] }));
    expect(sideChange(others).closed.toText()).toBe('UDP 1-65535');
  });

  it('an Admin Allow of the name opens it past a Baseline Deny; a Pass hands it to the Baseline Deny', () => {
    const allow = ask(files(APPS, ANP('Allow'), BANP_DENY));
    expect(explanation(allow.answer).verdict).toBe('allowed');
    expect(explanation(allow.answer).directions.find((d) => d.direction === 'ingress')?.tier).toBe('Admin');
    directionsAgree(allow.answer);
    const pass = ask(files(APPS, ANP('Pass'), BANP_DENY));
    expect(explanation(pass.answer).verdict).toBe('denied');
    expect(explanation(pass.answer).directions.find((d) => d.direction === 'ingress')?.tier).toBe('Baseline');
    // Pass, then the NetworkPolicy tier names it: allowed there.
    const passNp = ask(files(APPS, ANP('Pass'), BANP_DENY, ingress('{port: metrics}')));
    expect(explanation(passNp.answer).verdict).toBe('allowed');
    expect(explanation(passNp.answer).directions.find((d) => d.direction === 'ingress')?.tier).toBe('NetworkPolicy');
  });
});

describe('the CLI', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempFolder({ 'apps.yaml': APPS, 'egress.yaml': egress('{port: 9090}, {port: web}') }, 'reachdiff-portname-');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('explain --port NAME toward an abstract destination answers (exit 0 when allowed), in text and JSON', async () => {
    const out = await main(['explain', dir, '--from', 'payments/api', '--to', PROM, '--port', 'web']);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain(`on TCP web: ALLOWED`);
    const json = await main(['explain', dir, '--from', 'payments/api', '--to', PROM, '--port', 'web', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ explain: { portName: 'web', verdict: 'allowed' } });
    const diffOut = await main(['diff', dir, dir, '--explain', 'payments/api', PROM, '--port', 'web']);
    expect(diffOut.exitCode).toBe(0);
    expect(diffOut.stdout).toContain('no change');
  });

  it('a name asked with other ports, or toward addresses, is a clear error (exit 2)', async () => {
    const mixed = await main(['explain', dir, '--from', 'payments/api', '--to', PROM, '--port', 'web,9090']);
    expect(mixed.exitCode).toBe(2);
    expect(mixed.stderr).toContain('a port name is asked alone');
    const external = await main(['explain', dir, '--from', 'payments/api', '--to', '10.0.0.1', '--port', 'web']);
    expect(external.exitCode).toBe(2);
    expect(external.stderr).toContain('a named port needs a pod destination');
  });
});
