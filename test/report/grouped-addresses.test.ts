/**
 * The grouped summary of a big diff names addresses outside the cluster as every other line does,
 * `0.0.0.0/0, ::/0`, never by the contract id's ranges (`0.0.0.0-255.255.255.255,::-ffff:…`), which it
 * printed for a Calico GlobalNetworkPolicy default-deny (new-user trial 35). Fixture:
 * test/fixtures/grouped-addresses (six namespaces, a GlobalNetworkPolicy isolating all but c).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diffText } from '../../src/report/diff-text.js';
import { idText } from '../../src/report/pods-text.js';

const dir = join('test', 'fixtures', 'grouped-addresses');
const side = (name: string, files: string[]) => files.map((path) => ({ path, text: readFileSync(join(dir, name, path), 'utf8') }));
const report = analyzeDiff(side('base', ['apps.yaml']), side('head', ['apps.yaml', 'deny.yaml']));

it('text and Markdown summarise the addresses as CIDRs', () => {
  const text = diffText(report);
  expect(text).toContain('changed pairs, grouped:');
  // The addresses' group (`0.0.0.0/0, ::/0: closed from 6 sources`) is told by the policy's start of isolation in
  // every namespace but c since its copies' causes are one (analysis/copies-across.ts); no line writes the ranges.
  expect(text).toContain("\n  Calico GlobalNetworkPolicy default-deny added (deny.yaml:3): closes egress from [namespace other than c]/[all pods] (pods no other policy isolated for egress in base)");
  expect(text).not.toContain('closed from 6 sources');
  for (const out of [text, renderDiffMarkdown(report)]) expect(out).not.toContain('255.255.255.255');
});

it('idText: an address id as CIDRs per IP version, other ids as before', () => {
  expect(idText('10.0.0.0-10.255.255.255')).toBe('10.0.0.0/8');
  expect(idText('0.0.0.0-9.255.255.255,11.0.0.0-255.255.255.255')).toBe('0.0.0.0/0 (except 10.0.0.0/8)');
  expect(idText('shop/cart[Deployment]')).toBe('shop/cart[Deployment]');
  expect(idText('{ingress-controller}')).toBe('{ingress-controller}');
});
