/**
 * Named ports toward pods the manifests do not hold, under cluster-wide tiers and from addresses: an
 * Admin / Baseline Deny of a `namedPort` takes the name away (the path closes by name), a Pass hands it to
 * the NetworkPolicy tier, an Allow gives it, in both directions; an ipBlock source toward such pods
 * carries the names of the pods' ingress rules. Each says why.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { DiffReport } from '../../src/analysis/types.js';
import { pairConns, peerId } from '../../src/engine/index.js';

const file = (path: string, text: string) => ({ path, text });
const lines = (r: DiffReport, which: 'opened' | 'closed') => r.pairs.filter((p) => p[which]).map((p) => `${peerId(p.src)} => ${peerId(p.dst)} : ${pairConns(p, which)!.toText()}`);
const web = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: x}]}\n`;
const API = 'shop/[pod with {app=api}]';
/** An AdminNetworkPolicy (or, `baseline`, the BaselineAdminNetworkPolicy) over app=api pods of every namespace. */
const tierPolicy = (direction: 'ingress' | 'egress', action: string, ports: object[], baseline = false) => {
  const subject = direction === 'ingress' ? { pods: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: { app: 'api' } } } } : { pods: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: { app: 'web' } } } };
  const peer = direction === 'ingress' ? { from: [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }] } : { to: [{ pods: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: { app: 'api' } } } }] };
  const kind = baseline ? 'BaselineAdminNetworkPolicy' : 'AdminNetworkPolicy';
  const spec = { ...(baseline ? {} : { priority: 5 }), subject, [direction]: [{ action, ...peer, ports }] };
  return `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: ${kind}\nmetadata: {name: ${baseline ? 'default' : 't'}}\nspec: ${JSON.stringify(spec)}\n`;
};
const np = (spec: object) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api-in, namespace: shop}\nspec: ${JSON.stringify({ podSelector: { matchLabels: { app: 'api' } }, ...spec })}\n`;
const diff = (base: string[], head: string[]) =>
  analyzeDiff(
    base.map((t, i) => file(`${i}.yaml`, t)),
    head.map((t, i) => file(`${i}.yaml`, t)),
  );
const tierWhy = (r: DiffReport, which: 'whyOpened' | 'whyClosed') => r.pairs.flatMap((p) => p[which].filter((x) => x.kind === 'tier-rule').map((x) => `${x.side} ${x.kind === 'tier-rule' ? x.action : ''}`));

describe('named ports toward abstract pods under tiers', () => {
  it('an Admin Deny of a namedPort closes the path by name (ingress), and says which rule', () => {
    const report = diff([web], [web, tierPolicy('ingress', 'Deny', [{ namedPort: 'http' }])]);
    expect(lines(report, 'closed')).toContain(`shop/web[Deployment] => ${API} : http (any protocol)`);
    expect(lines(report, 'opened')).toEqual([]);
    expect(tierWhy(report, 'whyClosed')).toContain('head Deny');
  });

  it('an Admin Deny of a namedPort toward abstract pods closes by name (egress)', () => {
    const report = diff([web], [web, tierPolicy('egress', 'Deny', [{ namedPort: 'http' }])]);
    expect(lines(report, 'closed')).toEqual([`shop/web[Deployment] => ${API} : http (any protocol)`]);
  });

  it('a number denied before the name is allowed stays allowed by number, the name opens the rest', () => {
    const denyAll = np({ policyTypes: ['Ingress'], ingress: [] });
    const report = diff([web, denyAll], [web, denyAll, tierPolicy('ingress', 'Allow', [{ namedPort: 'http' }])]);
    expect(lines(report, 'opened')).toContain(`shop/web[Deployment] => ${API} : http (any protocol)`);
  });

  it('Allow turned into Pass hands the name to a NetworkPolicy that does not name it: closed', () => {
    const only80 = np({ policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 80 }] }] });
    const report = diff([web, only80, tierPolicy('ingress', 'Allow', [{ namedPort: 'http' }])], [web, only80, tierPolicy('ingress', 'Pass', [{ namedPort: 'http' }])]);
    expect(lines(report, 'closed')).toContain(`shop/web[Deployment] => ${API} : http (any protocol)`);
    expect(tierWhy(report, 'whyClosed')).toEqual(expect.arrayContaining(['base Allow', 'head Pass']));
  });

  it('a Baseline Deny of a namedPort counts only where no NetworkPolicy selects the pod', () => {
    const closed = diff([web], [web, tierPolicy('ingress', 'Deny', [{ namedPort: 'http' }], true)]);
    expect(lines(closed, 'closed')).toContain(`shop/web[Deployment] => ${API} : http (any protocol)`);
    const open = np({ policyTypes: ['Ingress'], ingress: [{}] });
    const none = diff([web, open], [web, open, tierPolicy('ingress', 'Deny', [{ namedPort: 'http' }], true)]);
    expect(lines(none, 'closed').filter((l) => l.includes(API))).toEqual([]);
  });
});

describe('named ports from addresses toward abstract pods', () => {
  const fromBlock = (port: string) => np({ ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port }] }] });
  it('an ipBlock rule changing its port name opens and closes the names for those addresses, with why', () => {
    const report = diff([web, fromBlock('http')], [web, fromBlock('metrics')]);
    expect(lines(report, 'opened')).toContain(`10.0.0.0-10.255.255.255 => ${API} : TCP metrics`);
    expect(lines(report, 'closed')).toContain(`10.0.0.0-10.255.255.255 => ${API} : TCP http`);
    const pair = report.pairs.find((p) => p.src.type === 'external' && peerId(p.dst) === API)!;
    expect(pair.whyOpened.some((r) => r.kind === 'allowed-by-rule' && r.side === 'head')).toBe(true);
  });

});
