/**
 * A Cilium CIDR rule naming a CiliumCIDRGroup (`toCIDRSet: [{cidrGroupRef: NAME}]`, or `cidrGroupSelector`)
 * takes the group's `externalCIDRs` when the build holds the group. Real-eval 24: a policy moved from
 * NetworkPolicy ipBlocks to a CiliumNetworkPolicy whose egress names a CIDR group added in the same folder;
 * the reference was read as matching nothing, so the diff said every address of the group was closed. A
 * group the build lacks (or whose copy the API server rejects) still matches nothing, with a warning at the
 * reference saying so; a change to the group alone is a change of what the policy allows.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { analyzeFiles } from '../helpers/analyze.js';

const workload = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: tunnel
  namespace: edge
spec:
  template:
    metadata:
      labels:
        app: tunnel
`;

function policy(peer: string): string {
  return `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: tunnel
  namespace: edge
spec:
  endpointSelector:
    matchLabels:
      app: tunnel
  egress:
    - toCIDRSet:
        - ${peer}
      toPorts:
        - ports:
            - port: "443"
              protocol: TCP
`;
}

function group(name: string, cidrs: string[], labels = '', apiVersion = 'cilium.io/v2alpha1'): string {
  return `apiVersion: ${apiVersion}
kind: CiliumCIDRGroup
metadata:
  name: ${name}
${labels}spec:
  externalCIDRs:
${cidrs.map((c) => `    - ${c}`).join('\n')}
`;
}

/** The external destinations edge/tunnel may reach on TCP 443, as `list` gives them. */
function reached(files: Record<string, string>): { ranges: string[]; warnings: { line: number; code: string; message: string }[] } {
  const a = analyzeFiles(Object.entries(files).map(([path, text]) => ({ path, text })));
  const ranges = a.json.connections.filter((c) => c.src.id === 'edge/tunnel[Deployment]' && c.dst.type === 'external').flatMap((c) => c.dst.ranges ?? []);
  return { ranges, warnings: a.json.warnings.filter((w) => w.code === 'UNSUPPORTED_PEER' || w.code === 'UNSUPPORTED_FIELD' || w.code === 'INVALID_CIDR') };
}

describe('CiliumCIDRGroup references', () => {
  it('a cidrGroupRef takes the addresses of the group the build holds, in any file and order', () => {
    const r = reached({ 'a-policy.yaml': policy('cidrGroupRef: edge-net'), 'w.yaml': workload, 'z-group.yaml': group('edge-net', ['198.51.100.0/24', '203.0.113.0/25']) });
    expect(r.ranges).toEqual(['198.51.100.0-198.51.100.255', '203.0.113.0-203.0.113.127']);
    expect(r.warnings).toEqual([]);
  });

  it('cilium.io/v2 groups too; a cidrGroupSelector takes every group whose labels match', () => {
    const files = {
      'p.yaml': policy('cidrGroupSelector:\n            matchLabels:\n              role: vpn'),
      'w.yaml': workload,
      'g.yaml': [group('a', ['198.51.100.0/24'], '  labels:\n    role: vpn\n', 'cilium.io/v2'), group('b', ['203.0.113.0/24'], '  labels:\n    role: vpn\n'), group('c', ['192.0.2.0/24'])].join('---\n'),
    };
    expect(reached(files).ranges).toEqual(['198.51.100.0-198.51.100.255', '203.0.113.0-203.0.113.255']);
  });

  it('a group the build lacks matches nothing, said at the reference; so does one the API server rejects, said so', () => {
    const missing = reached({ 'p.yaml': policy('cidrGroupRef: edge-net'), 'w.yaml': workload });
    expect(missing.ranges).toEqual([]);
    expect(missing.warnings.map((w) => [w.line, w.code])).toEqual([[12, 'UNSUPPORTED_PEER']]);
    expect(missing.warnings[0].message).toContain('CiliumCIDRGroup "edge-net" is not among the manifests of this build');
    const bad = reached({ 'p.yaml': policy('cidrGroupRef: edge-net'), 'w.yaml': workload, 'g.yaml': group('edge-net', ['198.51.100.0/24', 'nonsense']) });
    expect(bad.ranges).toEqual([]);
    expect(bad.warnings.map((w) => `${w.code}:${w.line}`).sort()).toEqual(['INVALID_CIDR:8', 'UNSUPPORTED_PEER:12']);
    expect(bad.warnings.find((w) => w.code === 'UNSUPPORTED_PEER')?.message).toContain('would be rejected by the API server');
  });

  it('except beside a group reference is read as absent (Cilium does not support it), with a warning', () => {
    const r = reached({ 'p.yaml': policy('cidrGroupRef: edge-net\n          except:\n            - 198.51.100.0/25'), 'w.yaml': workload, 'g.yaml': group('edge-net', ['198.51.100.0/24']) });
    expect(r.ranges).toEqual(['198.51.100.0-198.51.100.255']);
    expect(r.warnings.map((w) => [w.line, w.code])).toEqual([[13, 'UNSUPPORTED_FIELD']]);
  });

  it('a deny rule naming a group denies its addresses', () => {
    const allowAll = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: world
  namespace: edge
spec:
  endpointSelector: {}
  egress:
    - toEntities: [world]
`;
    const deny = `${allowAll.replace('name: world', 'name: no-lower-half').split('  egress:')[0]}  egressDeny:\n    - toCIDRSet:\n        - cidrGroupRef: edge-net\n`;
    const r = reached({ 'a.yaml': allowAll, 'p.yaml': deny, 'w.yaml': workload, 'g.yaml': group('edge-net', ['0.0.0.0/1']) });
    expect(r.ranges.some((x) => x.startsWith('0.0.0.0-'))).toBe(false);
    expect(r.ranges.some((x) => x.startsWith('128.0.0.0-'))).toBe(true);
  });

  it('moving ipBlocks into a group changes nothing; a change to the group alone is reported, and its rollback reverts the group', () => {
    const inline = policy('cidr: 198.51.100.0/24');
    const base = [
      { path: 'p.yaml', text: inline },
      { path: 'w.yaml', text: workload },
    ];
    const moved = [
      { path: 'p.yaml', text: policy('cidrGroupRef: edge-net') },
      { path: 'w.yaml', text: workload },
      { path: 'g.yaml', text: group('edge-net', ['198.51.100.0/24']) },
    ];
    const same = analyzeDiff(base, moved);
    expect([same.counts.opened, same.counts.closed]).toEqual([0, 0]);
    const widened = moved.map((f) => (f.path === 'g.yaml' ? { ...f, text: group('edge-net', ['198.51.100.0/24', '203.0.113.0/24']) } : f));
    const grown = analyzeDiff(moved, widened);
    expect([grown.counts.opened, grown.counts.closed]).toEqual([1, 0]);
    const json = diffJsonObject(grown) as { pairs: { dst: { ranges?: string[] } }[] };
    expect(json.pairs.map((p) => p.dst.ranges)).toEqual([['203.0.113.0-203.0.113.255']]);
    expect(grown.rollback.documents.map((d) => d.key)).toEqual(['CiliumCIDRGroup//edge-net']);
  });
});
