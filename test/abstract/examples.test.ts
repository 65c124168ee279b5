/**
 * Abstract peers in diff: the examples (pods the manifests do not hold), every matchExpressions
 * operator, one selector shared by two policies, and the rollback closing opened abstract paths.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { DiffReport } from '../../src/analysis/types.js';
import { peerId } from '../../src/engine/index.js';
import { fails } from '../../src/report/verdict.js';

type Files = { path: string; text: string }[];
const file = (path: string, text: string) => ({ path, text });
const lines = (r: DiffReport, which: 'opened' | 'closed') => r.pairs.filter((p) => p[which]).map((p) => `${peerId(p.src)} => ${peerId(p.dst)} : ${p[which]!.toText()}`);

const ns = (name: string, labels: Record<string, string> = {}) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: ${JSON.stringify(labels)}\n`;
const deployment = (namespace: string, name: string, labels: Record<string, string>) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  template:\n    metadata: {labels: ${JSON.stringify(labels)}}\n    spec: {containers: [{name: c, image: x}]}\n`;
const policy = (namespace: string, name: string, spec: object) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: ${JSON.stringify(spec)}\n`;

function diff(base: Files, head: Files): DiffReport {
  return analyzeDiff(base, head);
}

describe('abstract peers in diff: the examples', () => {
  it('a platform repo without workloads: a new policy admitting another namespace opens ledger-civil/[all pods] => ledger-dev/[all pods]', () => {
    const base = [file('ns.yaml', ns('ledger-dev')), file('deny.yaml', policy('ledger-dev', 'default-deny', { podSelector: {}, policyTypes: ['Ingress'] }))];
    const allow = policy('ledger-dev', 'allow-civil', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ledger-civil' } } }] }] });
    const report = diff(base, [...base, file('policies/ledger-dev/allow-civil.yaml', allow)]);
    expect(lines(report, 'opened')).toEqual(['ledger-civil/[all pods] => ledger-dev/[all pods] : All Connections']);
    expect(lines(report, 'closed')).toEqual([]);
    expect(fails(report.counts, 'opened')).toBe(true);
    expect(report.pairs[0].whyOpened.map((r) => r.kind)).toContain('allowed-by-rule');
    expect(report.rollback.documents.map((d) => `${d.change} ${d.key}`)).toEqual(['added NetworkPolicy/ledger-dev/allow-civil']);
  });

  it('a new scraping rule: [namespace with {name=monitoring}]/[pod with {app=prometheus}] => payments/api on TCP 9090', () => {
    const api = deployment('payments', 'api', { app: 'api' });
    const rule = (extra: object[]) => policy('payments', 'api', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }, ...extra] });
    const scrape = { from: [{ namespaceSelector: { matchLabels: { name: 'monitoring' } }, podSelector: { matchLabels: { app: 'prometheus' } } }], ports: [{ port: 9090 }] };
    const report = diff([file('a.yaml', api), file('p.yaml', rule([]))], [file('a.yaml', api), file('p.yaml', rule([scrape]))]);
    expect(lines(report, 'opened')).toEqual(['[namespace with {name=monitoring}]/[pod with {app=prometheus}] => payments/api[Deployment] : TCP 9090']);
  });

  it('operator pods: a change to what may reach pods only a custom resource creates names them as the destination', () => {
    const base = policy('monitoring', 'prometheus', { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'grafana' } } }] }] });
    const head = policy('monitoring', 'prometheus', {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'grafana' } } }] }, { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'payments' } } }], ports: [{ port: 9090 }] }],
    });
    const report = diff([file('p.yaml', base), file('cr.yaml', 'apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: k8s, namespace: monitoring}\n')], [file('p.yaml', head)]);
    expect(lines(report, 'opened')).toEqual(['payments/[all pods] => monitoring/[pod with {app.kubernetes.io/name=prometheus}] : TCP 9090']);
  });

  it('a broadened selector with no current match opens shop/[all pods] => shop/payments (any future pod of the namespace)', () => {
    const apps = [deployment('shop', 'payments', { app: 'payments' }), deployment('shop', 'checkout', { app: 'checkout' })].join('---\n');
    const from = (podSelector: object) => policy('shop', 'payments', { podSelector: { matchLabels: { app: 'payments' } }, ingress: [{ from: [{ podSelector }] }] });
    const report = diff([file('a.yaml', apps), file('p.yaml', from({ matchLabels: { app: 'checkout' } }))], [file('a.yaml', apps), file('p.yaml', from({}))]);
    expect(lines(report, 'opened')).toEqual(['shop/payments[Deployment] => shop/payments[Deployment] : All Connections', 'shop/[all pods] => shop/payments[Deployment] : All Connections']);
  });

  it('only a workload added: no abstract-peer noise', () => {
    const apps = [deployment('shop', 'payments', { app: 'payments' })];
    const p = policy('shop', 'payments', { podSelector: { matchLabels: { app: 'payments' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'checkout' } } }] }] });
    const report = diff([file('a.yaml', apps.join('---\n')), file('p.yaml', p)], [file('a.yaml', [...apps, deployment('shop', 'checkout', { app: 'checkout' })].join('---\n')), file('p.yaml', p)]);
    expect(report.pairs.filter((x) => x.src.type === 'pods' || x.dst.type === 'pods')).toEqual([]);
    expect(lines(report, 'opened')).toContain('shop/checkout[Deployment] => shop/payments[Deployment] : All Connections');
  });

  it('nothing changed: no pairs at all, abstract or not', () => {
    const files = [file('p.yaml', policy('a', 'x', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'b' } } }] }] }))];
    expect(diff(files, files).pairs).toEqual([]);
  });
});

describe('abstract peers: every matchExpressions operator', () => {
  const opened = (expr: object) => {
    const deny = policy('app', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
    const allow = policy('app', 'allow', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchExpressions: [expr] } }] }] });
    return lines(diff([file('d.yaml', deny)], [file('d.yaml', deny), file('a.yaml', allow)]), 'opened');
  };
  it.each([
    [{ key: 'role', operator: 'In', values: ['a', 'b'] }, '[all namespaces]/[pod with {role In (a,b)}] => app/[all pods] : All Connections'],
    [{ key: 'role', operator: 'NotIn', values: ['a'] }, '[all namespaces]/[pod with {role NotIn (a)}] => app/[all pods] : All Connections'],
    [{ key: 'role', operator: 'Exists' }, '[all namespaces]/[pod with {role Exists}] => app/[all pods] : All Connections'],
    [{ key: 'role', operator: 'DoesNotExist' }, '[all namespaces]/[pod with {role DoesNotExist}] => app/[all pods] : All Connections'],
  ])('%j', (expr, line) => {
    expect(opened(expr)).toEqual([line]);
  });
});

describe('abstract peers: selectors shared by policies', () => {
  it('one selector used by two policies gives one abstract peer per side it opens', () => {
    const peer = { namespaceSelector: { matchLabels: { team: 'data' } } };
    const deny = (n: string) => policy(n, 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
    const allow = (n: string) => policy(n, 'allow', { podSelector: {}, ingress: [{ from: [peer] }] });
    const base = [file('d.yaml', [deny('a'), deny('b')].join('---\n'))];
    const report = diff(base, [...base, file('x.yaml', [allow('a'), allow('b')].join('---\n'))]);
    expect(lines(report, 'opened').sort()).toEqual(['[namespace with {team=data}]/[all pods] => a/[all pods] : All Connections', '[namespace with {team=data}]/[all pods] => b/[all pods] : All Connections']);
  });
});

describe('abstract peers: the rollback', () => {
  it('closes opened abstract paths too, and the reverted head opens nothing', () => {
    const deny = policy('billing', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
    const open = policy('billing', 'open', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] });
    const unrelated = deployment('other', 'w', { app: 'w' });
    const head = [file('d.yaml', deny), file('w.yaml', unrelated), file('o.yaml', open)];
    const report = diff([file('d.yaml', deny), file('w.yaml', unrelated)], head);
    expect(lines(report, 'opened')).toEqual(['other/w[Deployment] => billing/[all pods] : All Connections', 'entire-cluster => billing/[all pods] : All Connections']);
    expect(report.rollback.documents.map((d) => d.key)).toEqual(['NetworkPolicy/billing/open']);
    expect(report.rollback.remainingOpened).toBe(0);
    expect(diff([file('d.yaml', deny), file('w.yaml', unrelated)], head.slice(0, 2)).counts.opened).toBe(0);
  });

  it('can be turned off: only workloads are peers', () => {
    const deny = policy('billing', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
    const open = policy('billing', 'open', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] });
    const report = analyzeDiff([file('d.yaml', deny)], [file('d.yaml', deny), file('o.yaml', open)], { abstractPeers: false });
    expect(report.pairs).toEqual([]);
    expect(report.abstractPeers).toBeUndefined();
  });
});
