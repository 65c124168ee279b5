/**
 * A line whose one end's name unites regions the other end tells apart by port (rook's own ingress
 * policies admit different ports per label) splits by that other end only: the source keeps its
 * policy's subject, `mon/[pod with {app=prom}]`, instead of falling apart into the label combinations
 * another policy reads (`{app=prom,tier=x}`). Before, both ends took their exact names (HomeLab
 * b70f21ae: "opens egress from 17 peers in prometheus" for one policy's pods).
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffText } from '../../src/report/diff-text.js';

/** A rook policy: its `podSelector` pods admit namespace mon on `port` only (rook's per-label ingress policies). */
const fromMon = (name: string, podSelector: string, port: number) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: rook}
spec:
  podSelector: ${podSelector}
  policyTypes: [Ingress]
  ingress:
  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: mon}}}]
    ports: [{port: ${port}}]
`;

/** A Deployment of pods labelled `app: <name>`. */
const deployment = (name: string, namespace: string) => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: c, image: x}]}
`;

const common =
  `apiVersion: v1
kind: Namespace
metadata: {name: mon}
---
apiVersion: v1
kind: Namespace
metadata: {name: rook}
${deployment('prom', 'mon')}${deployment('mgr', 'rook')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: extra, namespace: mon}
spec:
  podSelector: {matchLabels: {app: prom, tier: x}}
  policyTypes: [Ingress]
`+
  [
    fromMon('rook-in', '{}', 9283),
    fromMon('store-in', '{matchLabels: {component: store}}', 8080),
    fromMon('mgr-in', '{matchLabels: {app: mgr}}', 9001),
    fromMon('obj-in', '{matchLabels: {component: obj}}', 8082),
  ].join('');
const base = [{ path: 'c.yaml', text: common + `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: prom-egress, namespace: mon}
spec:
  podSelector: {matchLabels: {app: prom}}
  policyTypes: [Egress]
` }];
const head = [{ path: 'c.yaml', text: common + `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: prom-egress, namespace: mon}
spec:
  podSelector: {matchLabels: {app: prom}}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: rook}}}]
` }];

describe('a mixed line splits by the end that mixes only', () => {
  const report = analyzeDiff(base, head);
  it('keeps the subject as the source of every abstract line', () => {
    const sources = new Set(report.pairs.filter((p) => p.src.type === 'pods').map((p) => (p.src.type === 'pods' ? p.src.peer.id : '')));
    expect([...sources]).toEqual(['mon/[pod with {app=prom}]']);
  });
  it('tells each destination region its own ports, and no label combination of the source', () => {
    const lines = diffText(report).split('\n');
    // One rule, one line (abstract-groups.ts abstractRuleLines), each destination region in it with its own ports.
    const sends = lines.filter((l) => l.includes('may now send to'));
    expect(sends).toHaveLength(1);
    expect(sends[0]).toMatch(/^ {2}mon\/\[pod with \{app=prom\}\] \(mon\/prom\[Deployment\] today\) may now send to /);
    expect(sends[0]).toContain('rook/[pod with {component=store,app NotIn (mgr)}] on TCP 8080 and 9283');
    expect(sends[0]).toMatch(/, c\.yaml:79$/);
    expect(sends.some((l) => l.includes('tier=x'))).toBe(false);
  });
});
