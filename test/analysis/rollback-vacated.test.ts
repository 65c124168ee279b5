/**
 * A rollback counts what the report counts: pairs toward a region the change vacated (an app deleted with
 * the policies that selected it, namespace-lifecycle.ts) are not opened, so no revert is needed to close
 * them. Before, the search counted them and reverted a policy the report did not need, while saying the
 * set was proven minimal (a seed of the rollback property test found it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { revertedFiles } from '../../src/analysis/patch.js';

const dir = join('test', 'fixtures', 'rollback-vacated');
const file = (side: string) => [{ path: 'k8s/all.yaml', text: readFileSync(join(dir, `${side}.yaml`), 'utf8') }];

it('reverts only the documents whose revert the report needs, each of them needed', () => {
  const [baseFiles, headFiles] = [file('base'), file('head')];
  const report = analyzeDiff(baseFiles, headFiles);
  expect(report.counts.opened).toBeGreaterThan(0);
  expect(report.rollback.remainingOpened).toBe(0);
  expect(report.rollback.documents.map((d) => d.key)).toEqual(['NetworkPolicy/ns1/p0', 'NetworkPolicy/ns4/p1']);
  for (const left of report.rollback.documents) {
    const subset = report.rollback.documents.filter((d) => d !== left);
    const text = revertedFiles(headFiles, subset).get('k8s/all.yaml')?.after ?? headFiles[0].text;
    expect(analyzeDiff(baseFiles, [{ path: 'k8s/all.yaml', text }]).counts.opened).toBeGreaterThan(0);
  }
});
