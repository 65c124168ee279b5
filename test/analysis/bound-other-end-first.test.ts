/**
 * Past the region bound, a changed rule's path is still told: the other end's deciders cut first (region-focus.ts
 * `first`, deciding-peers.ts). New-user trial 41 (Tsuguya/home 73827ab): a namespace of opt-in labels (one
 * CiliumNetworkPolicy per label) went past the bound; a new egress rule toward the filer on TCP 8333, which the
 * filer's unchanged ingress admits only from pods with `workflows.argoproj.io/workflow`, read "No change".
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { optInRepository } from '../helpers/opt-in-repository.js';

describe('a changed egress rule past the region bound', () => {
  it('opens the path toward the filer for the aqua pods its ingress admits (workflow pods)', () => {
    const report = analyzeDiff(optInRepository(9999, 8), optInRepository(8333, 8), { maxBoxes: 64 });
    expect(report.abstractPeers?.incomplete).toBe(true);
    expect(report.counts.opened).toBeGreaterThan(0);
    const opened = report.pairs.filter((p) => p.opened);
    // Every opened path is from aqua workflow pods of argo to the filer.
    for (const p of opened) {
      expect(p.src.type).toBe('pods');
      if (p.src.type !== 'pods') continue;
      expect(p.src.peer.namespace).toBe('argo');
      expect(p.src.peer.podSelector.matchLabels.aqua).toBe('true');
      expect(p.src.peer.podSelector.expressions.some((e) => e.key === 'workflows.argoproj.io/workflow' && e.op === 'Exists')).toBe(true);
      expect(p.dst.type === 'workload' && p.dst.workload.id).toBe('seaweedfs/filer[Deployment]');
    }
  });

  it('(within the bound, the same path opens)', () => {
    const report = analyzeDiff(optInRepository(9999, 2), optInRepository(8333, 2), { maxBoxes: 64 });
    expect(report.abstractPeers?.incomplete).toBe(false);
    expect(report.counts.opened).toBeGreaterThan(0);
  });
});
