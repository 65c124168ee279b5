/**
 * A pair named after a rule peer stands for several regions: it may only unite regions whose change is the
 * same, or it claims ports some of its pods never got (seen on real repositories: a namespace's pods opened
 * to every namespace on TCP 8080 and one app's pods on every port were one pair "on any port"; a peer
 * narrowed to some pods with a port gave one pair whose `head` kept TCP 8081 while `closed` said all).
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffJsonObject } from '../../src/report/diff-json.js';

interface JsonPair {
  src: { id: string };
  dst: { id: string };
  base: unknown;
  head: unknown;
  opened: unknown;
  closed: unknown;
}

const policy = (name: string, ns: string, spec: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec}`;

const SAME_NAMESPACE = policy('deny-ingress', 'gotk', '  podSelector: {}\n  ingress: [{from: [{podSelector: {}}]}]\n');
const SCRAPING = policy('allow-scraping', 'gotk', '  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {}}], ports: [{protocol: TCP, port: 8080}]}]\n');
const WEBHOOKS = policy('allow-webhooks', 'gotk', '  podSelector: {matchLabels: {app: notification}}\n  ingress: [{from: [{namespaceSelector: {}}]}]\n');

const NARROW_BASE = [
  policy('ingress', 'api', '  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: rcw}}}]}]\n'),
  policy('default', 'api', '  podSelector: {}\n  ingress: [{from: [{podSelector: {}}]}]\n'),
];
const NARROW_HEAD = [policy('ingress', 'api', '  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: rcw}}, podSelector: {matchLabels: {component: rcw}}}], ports: [{port: 8081}]}]\n')];

const files = (docs: string[]) => docs.map((text, i) => ({ path: `p${i}.yaml`, text }));
const pairs = (base: string[], head: string[]) => (diffJsonObject(analyzeDiff(files(base), files(head))) as { pairs: JsonPair[] }).pairs;

describe('pairs merged under one name have one change', () => {
  it('every namespace on TCP 8080 for a namespace, on every port for one app: two pairs, each with its own pods', () => {
    const found = pairs([SAME_NAMESPACE], [SAME_NAMESPACE, SCRAPING, WEBHOOKS]);
    const byDst = new Map(found.map((p) => [p.dst.id, p]));
    expect(byDst.get('gotk/[pod with {app=notification}]')?.opened).toEqual({ all: true });
    expect(byDst.get('gotk/[pod with {app NotIn (notification)}]')?.opened).toEqual({ protocols: { TCP: [[8080, 8080]] } });
    expect(byDst.has('gotk/[all pods]')).toBe(false);
  });

  it('a peer narrowed to some pods with a port: the narrowed pods keep the port, the others lose everything, and head agrees with closed', () => {
    const found = pairs(NARROW_BASE, NARROW_HEAD);
    const closed = found.map((p) => [p.src.id, p.head, p.closed]);
    expect(closed).toContainEqual(['[namespace with {team=rcw}]/[pod with {component=rcw}]', { protocols: { TCP: [[8081, 8081]] } }, expect.objectContaining({ protocols: expect.anything() })]);
    expect(closed).toContainEqual(['[namespace with {team=rcw}]/[pod with {component NotIn (rcw)}]', null, { all: true }]);
  });

  it.each([
    ['ports for some pods, every port for others', [SAME_NAMESPACE], [SAME_NAMESPACE, SCRAPING, WEBHOOKS]],
    ['a narrowed peer', NARROW_BASE, NARROW_HEAD],
    ['the reverse of each', [SAME_NAMESPACE, SCRAPING, WEBHOOKS], [SAME_NAMESPACE]],
  ])('%s: every pair\'s opened and closed are its head minus base and base minus head', (_name, base, head) => {
    const engine = analyzeDiff(files(base), files(head));
    expect(engine.pairs.length).toBeGreaterThan(0);
    for (const p of engine.pairs) {
      const [b, h] = [p.base, p.head];
      const none = (x: typeof b) => x === null || x.isEmpty();
      const minus = (x: typeof b, y: typeof b) => (x === null ? null : y === null ? x : x.subtract(y));
      const [opened, closed] = [minus(h, b), minus(b, h)];
      expect(none(opened) ? null : opened!.key).toBe(none(p.opened) ? null : p.opened!.key);
      expect(none(closed) ? null : closed!.key).toBe(none(p.closed) ? null : p.closed!.key);
    }
  });
});
