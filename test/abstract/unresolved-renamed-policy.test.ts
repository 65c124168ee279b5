/**
 * `abstractPeers.unresolvedNamedPorts` lists a rule naming ports only when its policy changed: a policy that only
 * changed its name (the other side holds one of the same namespace and content) is no change, one moved to another
 * namespace is (abstract-named-ports.ts; the other side's policies looked up by namespace).
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { DiffReport } from '../../src/analysis/types.js';

/** A policy admitting `app: web` to `app: api` pods (none in the manifests) on the port named `metrics`. */
const policy = (namespace: string, name: string, port = 'metrics') => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: web}}}]
      ports: [{port: ${port}}]
`;

const diff = (base: string, head: string) => analyzeDiff([{ path: 'p.yaml', text: base }], [{ path: 'p.yaml', text: head }]);
const listed = (r: DiffReport) => (r.abstractPeers?.unresolvedNamedPorts ?? []).map((u) => ('policy' in u ? `${u.side} ${u.policy}` : `${u.side} ${u.service}`));

describe('named ports of a renamed policy', () => {
  it('only renamed, in the same namespace: not listed, even beside another policy of that namespace', () => {
    expect(listed(diff(policy('shop', 'a') + policy('shop', 'z', 'http'), policy('shop', 'b') + policy('shop', 'z', 'http')))).toEqual([]);
  });

  it('moved to another namespace under the same name: listed on both sides (sorted by policy)', () => {
    expect(listed(diff(policy('shop', 'a'), policy('other', 'a')))).toEqual(['head other/a', 'base shop/a']);
  });

  it('renamed and its port changed: listed on both sides', () => {
    expect(listed(diff(policy('shop', 'a'), policy('shop', 'b', 'admin')))).toEqual(['base shop/a', 'head shop/b']);
  });
});
