/**
 * A revert that breaks a kustomization's build is no rollback: the search proposes none, and its note says why.
 * It said "as it fails on base" for a build base does not have at all, a cluster the change adds whole (rafaribe/
 * home-ops 0286a7c50: a new cluster whose kustomizations the pull request's scope leaves alone list the files the
 * revert deletes). Fixtures written here, by hand.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { BaseDocuments, revertScope } from '../../src/analysis/rollback-scope.js';
import type { ManifestFile } from '../../src/manifests/load.js';

const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: trim\nspec:\n  selector:\n    matchLabels: {app: trim}\n  template:\n    metadata:\n      labels: {app: trim}\n    spec:\n      hostNetwork: true\n      containers:\n        - name: trim\n          image: busybox\n';
const allowAll = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: trim\nspec:\n  podSelector:\n    matchLabels: {app: trim}\n  policyTypes: [Ingress]\n  ingress:\n    - {}\n';

/** A model new in the change: its kustomization (which the change did not touch: another target's build reads it too) lists a workload the change added. */
const head: ManifestFile[] = [
  { path: 'edge/tools/kustomization.yaml', text: 'namespace: tools\nresources:\n  - trim.yaml\n  - policy.yaml\n' },
  { path: 'edge/tools/trim.yaml', text: deploy },
  { path: 'edge/tools/policy.yaml', text: allowAll },
];
const scope = revertScope(new Set(['edge/tools/trim.yaml', 'edge/tools/policy.yaml']), new Set(), new Set(), { base: [], head }, new BaseDocuments([]));

it('a build base does not have: the note says so, not that it fails on base', () => {
  const report = analyzeDiff([], head, { rollbackScope: scope });
  expect(report.counts.opened).toBeGreaterThan(0);
  expect(report.rollback.documents).toEqual([]);
  const notes = report.rollback.notes.join(' ');
  expect(notes).toMatch(/reverting the changed documents makes a kustomization build fail, a build base does not have\. What head's build deploys is new/);
  expect(notes).not.toMatch(/fails on base/);
});
