/**
 * A changed cluster-wide policy's rules get the other end's deciders too (deciding-peers.ts, region-focus.ts
 * `first`), as a changed NetworkPolicy-tier rule does. New-user trial 41's repository with the aqua egress rule
 * in an AdminNetworkPolicy: the filer's unchanged ingress admits only argo's workflow pods
 * (`workflows.argoproj.io/workflow Exists`), so that selector must cut argo first where the region bound stops
 * its opt-in labels short; else the paths the new port opens are merged away.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { regionFocus } from '../../src/engine/index.js';
import { loadManifests } from '../../src/manifests/load.js';
import { optInRepository } from '../helpers/opt-in-repository.js';

/** optInRepository with the aqua egress rule written as an AdminNetworkPolicy allowing TCP `port`. */
function repository(port: number, jobs: number): { path: string; text: string }[] {
  const anp = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: aqua}
spec:
  priority: 10
  subject:
    pods:
      namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: argo}}
      podSelector: {matchLabels: {aqua: "true"}}
  egress:
    - name: filer
      action: Allow
      to:
        - pods:
            namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: seaweedfs}}
            podSelector: {matchLabels: {app: filer}}
      ports:
        - portNumber: {protocol: TCP, port: ${port}}
`;
  return optInRepository(port, jobs).map((f) => (f.path === 'aqua.yaml' ? { path: 'aqua.yaml', text: anp } : f));
}

const WORKFLOW = 'workflows.argoproj.io/workflow';

describe('a changed AdminNetworkPolicy rule: the other end deciders cut first', () => {
  it("the filer's ingress peer that picks the aqua pods is among `first`", () => {
    const [base, head] = [repository(9999, 2), repository(8333, 2)].map((files) => loadManifests(files).cluster);
    const first = regionFocus(base, head).first ?? [];
    expect(first.some((s) => s.pods.expressions.some((e) => e.key === WORKFLOW && e.op === 'Exists'))).toBe(true);
  });

  it('past the region bound, opens the path toward the filer for the aqua workflow pods', () => {
    const report = analyzeDiff(repository(9999, 8), repository(8333, 8), { maxBoxes: 64 });
    expect(report.abstractPeers?.incomplete).toBe(true);
    const opened = report.pairs.filter((p) => p.opened);
    expect(opened.length).toBeGreaterThan(0);
    for (const p of opened) {
      expect(p.src.type === 'pods' && p.src.peer.namespace).toBe('argo');
      if (p.src.type !== 'pods') continue;
      expect(p.src.peer.podSelector.matchLabels.aqua).toBe('true');
      expect(p.src.peer.podSelector.expressions.some((e) => e.key === WORKFLOW && e.op === 'Exists')).toBe(true);
      expect(p.dst.type === 'workload' && p.dst.workload.id).toBe('seaweedfs/filer[Deployment]');
    }
  });
});
