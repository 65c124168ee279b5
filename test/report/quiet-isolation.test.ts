/**
 * A changed policy that changes no path and has no pod peer of its own still says why (ux42's leftover 1):
 * a default-deny added where other policies already isolate its pods names them at their lines, one removed
 * where others still isolate its pods names those, and a rule of addresses only says that base already allowed
 * them (before: `mcp-system/default-deny-all added (…)` with no reason).
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { renderTargetsMarkdown } from '../../src/report/targets-markdown.js';
import { targetsText } from '../../src/report/targets-text.js';
import { targetsJson } from '../../src/report/targets-json.js';

type Files = Record<string, string>;
const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));
const run = (base: Files, head: Files) => analyzeTargets(asList(base), asList(head));
const MCP = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: mcp, namespace: mcp-system}\nspec:\n  selector: {matchLabels: {app: mcp}}\n  template:\n    metadata: {labels: {app: mcp}}\n    spec: {containers: [{name: c, image: mcp}]}\n';
const DNS = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-dns, namespace: mcp-system}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  egress:\n    - to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n      ports: [{protocol: UDP, port: 53}]\n';
const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny-all, namespace: mcp-system}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n';
const egressTo = (name: string, cidr: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: mcp-system}\nspec:\n  podSelector: {matchLabels: {app: mcp}}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - ipBlock: {cidr: ${cidr}}\n      ports: [{protocol: TCP, port: 443}]\n`;

describe('quiet changes without pod peers say why no path changed (ux42 left 1)', () => {
  it('a default-deny added where its pods were already isolated both ways: names the isolating policy at its base line', async () => {
    const r = await run({ 'mcp.yaml': MCP, 'dns.yaml': DNS }, { 'mcp.yaml': MCP, 'dns.yaml': DNS, 'deny.yaml': DENY });
    expect(r.counts.opened + r.counts.closed).toBe(0);
    const text = targetsText(r);
    expect(text).toContain('mcp-system/default-deny-all added (deny.yaml:1)');
    expect(text).toContain('now isolates mcp-system/[all pods] for ingress: no path closes: its pods were already isolated for ingress by NetworkPolicy mcp-system/allow-dns (base:dns.yaml:1)');
    expect(text).toContain('now isolates mcp-system/[all pods] for egress: no path closes: its pods were already isolated for egress by NetworkPolicy mcp-system/allow-dns (base:dns.yaml:1)');
    expect(renderTargetsMarkdown(r)).toContain('now isolates mcp-system/[all pods] for ingress: no path closes: its pods were already isolated for ingress by NetworkPolicy mcp-system/allow-dns');
    const json = JSON.parse(targetsJson(r)) as { quietChanges?: { policy: string; isolation?: { side: string; direction: string; why?: { kind: string; policies: { policy: string }[] } }[] }[] };
    expect(json.quietChanges?.[0].isolation?.map((i) => [i.side, i.direction, i.why?.kind, i.why?.policies.map((p) => p.policy)])).toEqual([
      ['head', 'ingress', 'isolated', ['NetworkPolicy mcp-system/allow-dns']],
      ['head', 'egress', 'isolated', ['NetworkPolicy mcp-system/allow-dns']],
    ]);
  });

  it('a default-deny removed where another policy still isolates its pods: names it at its head line', async () => {
    const r = await run({ 'mcp.yaml': MCP, 'dns.yaml': DNS, 'deny.yaml': DENY }, { 'mcp.yaml': MCP, 'dns.yaml': DNS });
    const text = targetsText(r);
    expect(text).toContain('mcp-system/default-deny-all removed (base:deny.yaml:1)');
    expect(text).toContain('no longer isolates mcp-system/[all pods] for egress: no path opens: its pods stay isolated for egress by NetworkPolicy mcp-system/allow-dns (dns.yaml:1)');
  });

  it('a rule of addresses only, which base already allowed: says so, naming base\'s rule', async () => {
    const r = await run({ 'mcp.yaml': MCP, 'wide.yaml': egressTo('wide', '10.0.0.0/8') }, { 'mcp.yaml': MCP, 'wide.yaml': egressTo('wide', '10.0.0.0/8'), 'narrow.yaml': egressTo('narrow', '10.1.0.0/16') });
    expect(r.counts.opened + r.counts.closed).toBe(0);
    const text = targetsText(r);
    expect(text).toMatch(/egress rule 1 now allows traffic to 10\.1\.0\.0\/16 on TCP 443 \(narrow\.yaml:\d+\): no path opens: base already allowed them \(NetworkPolicy mcp-system\/wide egress rule 1 \(base:wide\.yaml:\d+\)\)/);
    expect(text).toContain('now isolates mcp-system/[pod with {app=mcp}] for egress: no path closes: its pods were already isolated for egress by NetworkPolicy mcp-system/wide (base:wide.yaml:1)');
  });
});
