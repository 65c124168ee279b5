/**
 * A deleted app's pods are those its deleted NetworkPolicies selected, however finely other selectors cut
 * its namespace. Here ns3 loses its Deployment and its only policy; a policy in ns1 naming the label `app`
 * splits ns3 into pods with and without `app` when that policy changes too. Before, only the part holding
 * the deleted Deployment counted as vacated, so the report said ns3's other pods gained paths when ns1's
 * policy changed and said nothing when it did not, and the rollback search (which checks reduced clusters
 * cut differently) reverted ns3's policy while calling the set minimal (a seed of the rollback property
 * test found it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { revertedFiles } from '../../src/analysis/patch.js';
import type { PeerRef } from '../../src/engine/index.js';

const dir = join('test', 'fixtures', 'vacated-app-pods');
const file = (name: string) => [{ path: 'k8s/all.yaml', text: readFileSync(join(dir, `${name}.yaml`), 'utf8') }];
const inNs3 = (e: PeerRef) => (e.type === 'pods' ? e.peer.namespace : e.type === 'workload' ? e.workload.namespace : undefined) === 'ns3';
const touchesNs3 = (r: ReturnType<typeof analyzeDiff>) => r.pairs.filter((p) => p.opened !== null && (inNs3(p.src) || inNs3(p.dst))).map((p) => `${p.src.type} -> ${p.dst.type}`);

it('no pod of the deleted app’s namespace gains a path, whether or not another policy cuts it finer', () => {
  const base = file('base');
  const whole = analyzeDiff(base, file('head'));
  const keepsP1 = analyzeDiff(base, file('head-keeps-p1'));
  expect(touchesNs3(whole)).toEqual([]);
  expect(touchesNs3(keepsP1)).toEqual([]);
  expect(keepsP1.counts.opened).toBe(0);
  expect(whole.counts.opened).toBeGreaterThan(0);
});

it('reverts only the policy whose revert the report needs', () => {
  const [baseFiles, headFiles] = [file('base'), file('head')];
  const report = analyzeDiff(baseFiles, headFiles);
  expect(report.rollback.remainingOpened).toBe(0);
  expect(report.rollback.documents.map((d) => d.key)).toEqual(['NetworkPolicy/ns1/p1']);
  const text = revertedFiles(headFiles, []).get('k8s/all.yaml')?.after ?? headFiles[0].text;
  expect(analyzeDiff(baseFiles, [{ path: 'k8s/all.yaml', text }]).counts.opened).toBeGreaterThan(0);
});
