/**
 * A path a higher-tier Deny closes (an AdminNetworkPolicy Deny, a Cilium egressDeny) while the NetworkPolicy
 * rule that allowed it stays as it was: the why names the Deny, never "rule 1 no longer allows it", which sent
 * the reviewer (and the check run's annotation) to a rule the change did not touch (new-user trial 33). Read
 * the other way (the Deny removed), base's side says the Deny, not "rule 1 did not allow it".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { peerId } from '../../src/engine/peers.js';
import type { PeerRef } from '../../src/engine/peers.js';
import { explainFiles } from '../../src/analysis/explain-run.js';
import { explainText } from '../../src/report/explain-text.js';
import { peerLabels } from '../../src/report/peer-label.js';
import { reasonText } from '../../src/report/reason-text.js';

const dir = join('test', 'fixtures', 'tier-deny-why');
const read = (name: string) => readFileSync(join(dir, `${name}.yaml`), 'utf8');
/** base.yaml, with the documents of `extra` appended. */
const file = (extra?: string) => [{ path: 'all.yaml', text: read('base') + (extra ? read(extra) : '') }];
const backend = (address: string) => (p: { src: PeerRef; dst: PeerRef }) => peerId(p.src) === 'api/backend[Deployment]' && peerId(p.dst).startsWith(address);

it.each([
  ['anp', '169.254.169.254', 'denied by AdminNetworkPolicy deny-md egress rule 1'],
  ['cilium-deny', '192.0.2.10', 'denied by CiliumClusterwideNetworkPolicy deny-proxy egressDeny rule 1'],
])('%s: a path to %s closed by a Deny says the Deny, not the unchanged rule', (extra, address, deny) => {
  const report = analyzeDiff(file(), file(extra));
  const pair = report.pairs.find(backend(address))!;
  expect(pair.closed).toBeTruthy();
  const texts = pair.whyClosed.map((r) => reasonText(r));
  expect(texts.some((t) => t.startsWith('was allowed by NetworkPolicy api/eg egress rule 1'))).toBe(true);
  expect(texts.some((t) => t.startsWith(deny))).toBe(true);
  expect(texts.filter((t) => t.includes('no longer allows it'))).toEqual([]);
});

it('a path a removed Deny opens says the Deny in base, not the unchanged rule', () => {
  const report = analyzeDiff(file('anp'), file());
  const pair = report.pairs.find(backend('169.254.169.254'))!;
  const texts = pair.whyOpened.map((r) => reasonText(r));
  expect(texts.some((t) => t.startsWith('allowed by NetworkPolicy api/eg egress rule 1'))).toBe(true);
  expect(texts.some((t) => t.includes('AdminNetworkPolicy deny-md egress rule 1'))).toBe(true);
  expect(texts.filter((t) => t.includes('did not allow it'))).toEqual([]);
});

// Two rules of one policy denying different ranges of one closed pair's peer (a Cilium egressDeny, an
// AdminNetworkPolicy): each rule is cited for its own ranges. Before, the tier chain ran over the whole peer and
// the first rule settled all of it, so the second rule of each was never named.
it('a peer whose ranges two Deny rules close cites both rules of each policy', () => {
  const report = analyzeDiff(file(), file('two-deny-rules'));
  const pair = report.pairs.find(backend('10.0.0.0'))!;
  expect(pair.closed).toBeTruthy();
  const denies = pair.whyClosed.map((r) => reasonText(r)).filter((t) => t.startsWith('denied by '));
  expect(denies.map((t) => t.replace(/ \(.*$/, ''))).toEqual([
    'denied by CiliumNetworkPolicy api/no-private egressDeny rule 1',
    'denied by CiliumNetworkPolicy api/no-private egressDeny rule 2',
    'denied by AdminNetworkPolicy no-docs egress rule 1 "doc-1"',
    'denied by AdminNetworkPolicy no-docs egress rule 2 "doc-2"',
  ]);
  expect(denies[1]).toContain('all.yaml:39');
});

it('explain of a range two egressDeny rules close names both rules, each at its line', () => {
  const r = explainFiles(file('two-deny-rules'), { from: 'api/backend', to: '10.0.0.0-172.31.255.255', ports: ['443'] });
  if (!r.ok) throw new Error(r.message);
  const text = explainText(r.value, peerLabels(r.value.workloads));
  // The addresses neither rule matches (10.1.0.0/16, 11.0.0.0-172.15.255.255) meet the NetworkPolicy, which allows them.
  expect(text).toContain(
    // Each part and rule with the addresses it is of (engine/explain-pair.ts storyByParts), none said of addresses it did not match.
    'allows it to some of the addresses only (CiliumNetworkPolicy deny denies TCP 443 to 10.0.0.0/8 (except 10.1.0.0/16), 172.16.0.0/12: CiliumNetworkPolicy api/no-private egressDeny rule 1, all.yaml:36 for 10.0.0.0/8 (except 10.1.0.0/16) and CiliumNetworkPolicy api/no-private egressDeny rule 2, all.yaml:39 for 172.16.0.0/12; NetworkPolicy tier allows TCP 443 to 10.1.0.0/16, 11.0.0.0-172.15.255.255)',
  );
  expect(text).toContain('  CiliumNetworkPolicy api/no-private egressDeny rule 2 (all.yaml:39): Deny TCP 443 for 172.16.0.0/12\n');
  // The NetworkPolicy rule allows the addresses that reach it only, and says which (cite55).
  expect(text).toContain('  allowed by NetworkPolicy api/eg egress rule 1 (all.yaml:24): TCP 443 for 10.1.0.0/16, 11.0.0.0-172.15.255.255\n');
  expect(text).toContain('narrow those rules (their peers or toPorts)');
});

it("explain of a range a Cilium deny rule and an AdminNetworkPolicy close says what to edit in each kind's terms", () => {
  const r = explainFiles(file('two-deny-rules'), { from: 'api/backend', to: '192.0.0.0-192.168.255.255', ports: ['443'] });
  if (!r.ok) throw new Error(r.message);
  const text = explainText(r.value, peerLabels(r.value.workloads));
  expect(text).toContain(
    'TCP 443 is denied in the CiliumNetworkPolicy deny and Admin tier, which no NetworkPolicy edit can change: narrow CiliumNetworkPolicy api/no-private egressDeny rule 2 above (its peers or toPorts) and edit AdminNetworkPolicy no-docs above',
  );
  expect(text).not.toContain('admin policy above');
});

// The NetworkPolicy rules see only what the Admin tier leaves: a rule allowing what an AdminNetworkPolicy Deny settled
// first allows none of it, and is not listed as allowing (it was, beside the Deny that decided).
it('explain of an address an AdminNetworkPolicy Deny settles lists no NetworkPolicy rule as allowing it', () => {
  const r = explainFiles(file('anp'), { from: 'api/backend', to: '169.254.169.254', ports: ['443'] });
  if (!r.ok) throw new Error(r.message);
  if (r.value.answer.kind !== 'explained') throw new Error('absent');
  const egress = r.value.answer.explanation.directions.find((d) => d.direction === 'egress')!;
  expect(egress.allowing).toEqual([]);
  const text = explainText(r.value, peerLabels(r.value.workloads));
  expect(text).toContain('denies it (Admin tier: AdminNetworkPolicy deny-md egress rule 1');
  expect(text).not.toContain('allowed by NetworkPolicy api/eg');
});
