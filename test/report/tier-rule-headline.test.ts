/**
 * Headlines of changes one cluster-wide rule decides, in that rule's terms (analysis/tier-change.ts,
 * report/tier-change-text.ts; test/fixtures/tier-rule-headline/, README there): the policy's subject with the
 * workloads it holds today and the rule's peers, as a NetworkPolicy rule's change reads, not the label regions
 * the pairs fall into (new-user trial 35 #7: "Opens 3 peers in payments and 4 peers in namespaces chosen by
 * labels to 9 peers in 5 namespaces and 8 peers in namespaces chosen by labels on any port"). JSON unchanged.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'tier-rule-headline');
const diff = async (from: string, to: string, format: string) => (await main(['diff', join(FIX, from), join(FIX, to), '--format', format, '--fail-on', 'never'])).stdout;
const headlineOf = (text: string) => text.split('\n\n')[1];
const PCI = '[namespace with {pci=true}]/[all pods] (billing/invoice, billing/ledger, payments/api, payments/postgres today)';

describe('a change one cluster-wide rule decides, in the headline', () => {
  it.each(['text', 'md'])('%s: an AdminNetworkPolicy Allow added names its subject and its peers', async (format) => {
    expect(headlineOf(await diff('base', 'head', format))).toBe(`Opens ${PCI} to entire-cluster on any port (AdminNetworkPolicy vendor-scanner ingress rule 1 "allow-scanner", anp.yaml:12).`);
  });

  it('text: its removal over an unchanged Baseline Deny is the Allow no longer applying', async () => {
    expect(headlineOf(await diff('head', 'base', 'text'))).toBe(`Closes ${PCI} to entire-cluster on any port: AdminNetworkPolicy vendor-scanner ingress rule 1 "allow-scanner" no longer allows them (base:anp.yaml:12).`);
  });

  it('text: a BaselineAdminNetworkPolicy Deny added, and removed; the grouped summary tells it by the rule', async () => {
    const all = 'entire-cluster (billing/invoice, billing/ledger, payments/api and 5 more today) to entire-cluster on any port';
    const added = await diff('open', 'base', 'text');
    expect(headlineOf(added)).toBe(`Closes ${all} (BaselineAdminNetworkPolicy default ingress rule 1 "default-deny", banp.yaml:10).`);
    // One line for the rule instead of a line per destination region.
    expect(added).toContain('81 changed pairs, grouped:\n  BaselineAdminNetworkPolicy default ingress rule 1 "default-deny" (banp.yaml:10): closes entire-cluster (billing/invoice[Deployment], billing/ledger[Deployment], payments/api[Deployment] and 5 more today) to entire-cluster on any port (81 paths)\n\n');
    const removed = await diff('base', 'open', 'text');
    expect(headlineOf(removed)).toBe(`Opens ${all}: BaselineAdminNetworkPolicy default ingress rule 1 "default-deny" no longer denies them (base:banp.yaml:10).`);
    expect(removed).toContain('\n  BaselineAdminNetworkPolicy default ingress rule 1 "default-deny" (base:banp.yaml:10) no longer applies: opens entire-cluster');
  });

  it('md: the grouped summary tells it by the rule', async () => {
    const out = await diff('open', 'base', 'md');
    expect(out).toContain('- BaselineAdminNetworkPolicy default ingress rule 1 "default-deny" (banp.yaml:10): closes `entire-cluster` (`billing/invoice`, `billing/ledger`');
    expect(out).not.toMatch(/closed from \d+ sources/);
  });

  it('text: a NetworkPolicy rule added beside an unchanged Admin Allow is told as the NetworkPolicy rule', async () => {
    expect(headlineOf(await diff('walled', 'walled-open', 'text'))).toBe('Opens egress from web/frontend to [namespace with {pci=true}]/[all pods] (billing/invoice, billing/ledger, payments/api, payments/postgres today) on any port (1 rule, frontend-egress.yaml:10).');
  });

  it('json: the pairs and their reasons as before', async () => {
    const j = JSON.parse(await diff('base', 'head', 'json')) as { summary: { opened: number }; pairs: { why: { opened: { kind: string; policy?: string }[] } }[] };
    expect(j.summary.opened).toBe(50);
    for (const p of j.pairs) expect(p.why.opened.some((r) => r.kind === 'tier-rule' && r.policy === 'AdminNetworkPolicy/vendor-scanner')).toBe(true);
  });
});
