/**
 * `explain` toward an abstract end in a namespace cut past the region bound (new-user trial 41, Tsuguya/home
 * 73827ab): the selectors of the policies deciding the asked pair cut first (asked-first.ts), so the aqua
 * pods the filer admits (workflow pods) are told apart from those it does not; and where the bound still cut
 * the asked pods' namespace short, no answer says "all with this verdict".
 */
import { explainFiles } from '../../src/analysis/explain-run.js';
import { explainText } from '../../src/report/explain-text.js';
import { explainJson } from '../../src/report/explain-json.js';
import { peerLabels } from '../../src/report/peer-label.js';
import { optInRepository } from '../helpers/opt-in-repository.js';

function explained(from: string, port: string) {
  const r = explainFiles(optInRepository(8333), { from, to: 'seaweedfs/filer', ports: [port] });
  if (!r.ok) throw new Error(r.message);
  return { report: r.value, text: explainText(r.value, peerLabels(r.value.workloads)) };
}

test('aqua pods toward the filer on TCP 8333: partly allowed (the workflow pods), not "all 2048 parts denied"', () => {
  const { report, text } = explained('argo/[pod with {aqua=true}]', '8333');
  expect(text.split('\n')[0]).toBe('argo/[pod with {aqua=true}] => seaweedfs/filer on TCP 8333: PARTLY ALLOWED');
  expect(text).not.toContain('all with this verdict');
  expect(report.answer.kind === 'explained' && report.answer.parts?.incomplete).toBe(true);
});

test('a verdict alike over parts the bound cut short is not claimed for all of them', () => {
  const { report, text } = explained('argo/[pod with {job0=true}]', '9999');
  expect(text.split('\n')[0]).toContain(': DENIED');
  expect(text).not.toContain('all with this verdict');
  expect(text).toContain('cut short by the region bound');
  const json = JSON.parse(explainJson(report, peerLabels(report.workloads))) as { explain: { abstractParts?: { incomplete?: boolean } } };
  expect(json.explain.abstractParts?.incomplete).toBe(true);
});
