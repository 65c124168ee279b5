/**
 * A peer (or port) added to or edited in a rule whose own line the change leaves alone is cited at that peer's
 * line, not at the rule's `- from:` (new-user 48, finding 1: a namespaceSelector peer added at lines 13–14 was
 * cited at line 10); a rule added keeps its own line. One rule is cited at one line in every clause, those of
 * pods the manifests do not hold too (a clusterwide rule's copies in the namespaces the manifests do not hold).
 * Fixtures written here.
 */
import { diffReport } from '../helpers/folder-diff.js';

const policy = (peers: string, ports = '        - port: 8080\n') =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-api\n  namespace: team-a\nspec:\n  podSelector:\n    matchLabels: {app: api}\n  ingress:\n    - from:\n${peers}      ports:\n${ports}`;
const WEB = '        - podSelector:\n            matchLabels: {app: web}\n';
const TEAM = (team: string) => `        - namespaceSelector:\n            matchLabels: {team: ${team}}\n`;

/** The report in `format` of one file, `base` on the base side and `head` on the head side. */
const diff = (base: string, head: string, format = 'text', file = 'np.yaml') => diffReport({ [file]: base }, { [file]: head }, format);

type Ref = { file: string; line: number };
type Json = { pairs: { why: { opened: { kind: string; ref?: Ref }[]; closed: { kind: string; ref?: Ref }[] } }[] };
/** The `file:line` of every rule reason of the JSON report's pairs, once each. */
function ruleLines(json: string): string[] {
  const lines = (JSON.parse(json) as Json).pairs.flatMap((p) => [...p.why.opened, ...p.why.closed].filter((r) => r.kind === 'allowed-by-rule' && r.ref).map((r) => `${r.ref!.file}:${r.ref!.line}`));
  return [...new Set(lines)].sort();
}

describe('a rule peer the change adds or edits', () => {
  it('a peer added: cited at its line (13), not the rule line (10), in text, Markdown and JSON', async () => {
    const [base, head] = [policy(WEB), policy(WEB + TEAM('b'))];
    const text = await diff(base, head);
    expect(text).toContain('(1 rule, np.yaml:13)');
    expect(text).not.toMatch(/np\.yaml:10\b/);
    const md = await diff(base, head, 'md');
    expect(md).toMatch(/np\.yaml:13\b/);
    expect(md).not.toMatch(/np\.yaml:10\b/);
    expect(ruleLines(await diff(base, head, 'json'))).toEqual(['np.yaml:13']);
  });

  it("a peer's selector edited: cited at that peer; the base side of the closed paths at base's peer", async () => {
    const text = await diff(policy(WEB + TEAM('b')), policy(WEB + TEAM('c')));
    expect(text).toContain('(1 rule, np.yaml:13)');
    expect(text).toContain('base:np.yaml:13');
    expect(text).not.toMatch(/np\.yaml:10\b/);
  });

  it('a port edited: cited at the port line', async () => {
    const text = await diff(policy(WEB), policy(WEB, '        - port: 9090\n'));
    expect(text).toMatch(/np\.yaml:14\b/);
    expect(text).not.toMatch(/np\.yaml:10\b/);
  });

  it('a whole rule added keeps its own line', async () => {
    const text = await diff(policy(WEB), `${policy(WEB)}    - from:\n${TEAM('b')}`);
    expect(text).toContain('(1 rule, np.yaml:15)');
  });
});

describe('a clusterwide rule whose port the change adds', () => {
  // Line 8 `- toEndpoints:`, 11 the ports; web's own policy cuts its namespace, so pods the manifests do not hold get clauses of their own.
  const ccnp = (ports: string) =>
    `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: dns-for-all}\nspec:\n  endpointSelector: {}\n  egress:\n    - toEndpoints:\n        - matchLabels: {io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}\n      toPorts:\n        - ports: [${ports}]\n` +
    '---\napiVersion: v1\nkind: Namespace\nmetadata: {name: web}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: frontend, namespace: web}\nspec:\n  selector: {matchLabels: {app: frontend}}\n  template:\n    metadata: {labels: {app: frontend}}\n    spec: {containers: [{name: c, image: frontend}]}\n' +
    '---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: frontend, namespace: web}\nspec:\n  endpointSelector: {matchLabels: {app: frontend}}\n  ingress: [{}]\n';
  const [base, head] = [ccnp('{port: "53", protocol: ANY}'), ccnp('{port: "53", protocol: ANY}, {port: "9153", protocol: TCP}')];

  it('every clause, those of pods the manifests do not hold too, at the port line (10), never the rule line (7)', async () => {
    const text = await diff(base, head, 'text', 'all.yaml');
    const headline = text.split('\n')[2];
    expect(headline).toContain('[namespace other than');
    expect(headline.match(/\(1 rule, all\.yaml:\d+\)/g)).toEqual(expect.arrayContaining(['(1 rule, all.yaml:10)']));
    expect(new Set(headline.match(/\(1 rule, all\.yaml:\d+\)/g))).toEqual(new Set(['(1 rule, all.yaml:10)']));
    expect(text).not.toMatch(/all\.yaml:7\b/);
    const md = await diff(base, head, 'md', 'all.yaml');
    expect(md).toMatch(/all\.yaml:10\b/);
    expect(md).not.toMatch(/all\.yaml:7\b/);
    expect(ruleLines(await diff(base, head, 'json', 'all.yaml'))).toEqual(['all.yaml:10']);
  });
});
