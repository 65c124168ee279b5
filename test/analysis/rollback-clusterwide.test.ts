/**
 * A CiliumClusterwideNetworkPolicy's allow rules are one policy per namespace in the model, made when the
 * documents are merged (manifests/load.ts mergeDocuments), not by its document: a revert of that document
 * must merge again. Before, the rollback search patched head's merged cluster with the document's own
 * parts, which hold none of those copies: reverting the policy closed nothing, and the rollback read
 * "greedy … Even reverting every changed document leaves 6 opened paths" while its patch, applied, closed
 * every one (new-user trial 33).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { revertedFiles } from '../../src/analysis/patch.js';

const dir = join('test', 'fixtures', 'rollback-clusterwide');
const file = (side: string) => [{ path: 'k8s/all.yaml', text: readFileSync(join(dir, `${side}.yaml`), 'utf8') }];

it('reverting a clusterwide policy closes what its per-namespace copies opened', () => {
  const [baseFiles, headFiles] = [file('base'), file('head')];
  const report = analyzeDiff(baseFiles, headFiles);
  expect(report.counts.opened).toBeGreaterThan(0);
  expect(report.rollback.notes).toEqual([]);
  expect(report.rollback.remainingOpened).toBe(0);
  expect(report.rollback.minimality).toBe('proven');
  expect(report.rollback.documents.map((d) => d.key)).toEqual(['CiliumClusterwideNetworkPolicy//dns-for-all', 'CiliumNetworkPolicy/web/frontend']);
  // The patch, applied, closes every opened path; without either document some stay open.
  const text = revertedFiles(headFiles, report.rollback.documents).get('k8s/all.yaml')?.after;
  expect(analyzeDiff(baseFiles, [{ path: 'k8s/all.yaml', text: text! }]).counts.opened).toBe(0);
  for (const left of report.rollback.documents) {
    const subset = report.rollback.documents.filter((d) => d !== left);
    const partial = revertedFiles(headFiles, subset).get('k8s/all.yaml')?.after ?? headFiles[0].text;
    expect(analyzeDiff(baseFiles, [{ path: 'k8s/all.yaml', text: partial }]).counts.opened).toBeGreaterThan(0);
  }
});
