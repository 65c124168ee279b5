/**
 * Past the region pair bound, the changed policies no reported path cites are named (JSON
 * `abstractPeers.unshownChanges`, and the incomplete note). Real-eval 24: zhorvath83/home-ops e74436765 renamed
 * an app's label (a policy removed, one added) over 3,872 regions; the diff reported the new label's opens and
 * none of the old label's closures, under a note that said only that paths "may be missing".
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { incompleteNote } from '../../src/report/abstract-groups.js';

function repository(policies: string[]): { path: string; text: string }[] {
  const policy = (app: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${app}
  namespace: apps
spec:
  podSelector:
    matchLabels: {app: ${app}}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels: {kubernetes.io/metadata.name: gw}
      ports:
        - port: 80
`;
  // A default deny keeps every pod of apps isolated on both sides: only the gw pairs on TCP 80 change (addresses are not admitted either way).
  const namespaces = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: apps}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: gw}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: apps}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
  return [{ path: 'ns.yaml', text: namespaces }, ...policies.map((p) => ({ path: `${p}.yaml`, text: policy(p) }))];
}

describe('changed policies no reported path shows, past the region pair bound', () => {
  it('are named, each either cited by a pair or in unshownChanges; the note says so', () => {
    const report = analyzeDiff(repository(['blocklist-import']), repository(['crowdsec-blocklist-import']), { maxRegionPairs: 1 });
    expect(report.abstractPeers?.regionPairsCut).toBe(1);
    const cited = new Set(report.pairs.flatMap((p) => [...p.whyOpened, ...p.whyClosed]).flatMap((r) => ('policy' in r ? [r.policy] : [])));
    const unshown = report.abstractPeers?.unshownChanges ?? [];
    expect(unshown.length).toBeGreaterThan(0);
    for (const [id, change] of [
      ['apps/blocklist-import', 'removed'],
      ['apps/crowdsec-blocklist-import', 'added'],
    ] as const) {
      expect(cited.has(id) !== unshown.some((u) => u.policy === id && u.change === change)).toBe(true);
    }
    expect(incompleteNote(report)).toMatch(/No reported path shows the change of apps\/(crowdsec-)?blocklist-import \((removed|added), (crowdsec-)?blocklist-import\.yaml:1\): what it opens or closes for such pods may be among the missing\. Paths between workloads/);
  });

  it('within the bound, none is named', () => {
    const report = analyzeDiff(repository(['blocklist-import']), repository(['crowdsec-blocklist-import']));
    expect(report.abstractPeers?.regionPairsCut).toBeUndefined();
    expect(report.abstractPeers?.unshownChanges).toBeUndefined();
  });
});
