/**
 * A policy restated in another kind or under another name (same namespace, same pods, same rules) keeps
 * its findings pre-existing: joryirving/home-ops 132ef64d0 rewrote a NetworkPolicy as a CiliumNetworkPolicy
 * and its two PERMISSIVE_RULE findings read as 2 new ones (real-eval 20). A finding the restatement adds,
 * a second copy beside the first, or the same rule for other pods is still new. Hand-written fixture
 * test/fixtures/restated-policy/.
 */
import { readFileSync } from 'node:fs';
import { analyzeDiff } from '../../src/analysis/diff-report.js';

const DIR = 'test/fixtures/restated-policy';
const file = (name: string) => ({ path: `${name}.yaml`, text: readFileSync(`${DIR}/${name}.yaml`, 'utf8') });
const permissive = (names: string[], base = ['app', 'np']) =>
  analyzeDiff(base.map(file), names.map(file))
    .findings.filter((f) => f.code === 'PERMISSIVE_RULE')
    .map((f) => `${f.new ? 'new' : 'old'} ${f.subject} ${f.object}`)
    .sort();

it('a NetworkPolicy rewritten as a CiliumNetworkPolicy of another name: its findings are not new', () => {
  expect(permissive(['app', 'cilium'])).toEqual([
    'old vpn/egress-of-gateway[CiliumNetworkPolicy] egress:every-address:0.0.0.0/0',
    'old vpn/egress-of-gateway[CiliumNetworkPolicy] egress:every-namespace:namespaceSelector {} podSelector {}',
  ]);
  // And back.
  expect(permissive(['app', 'np'], ['app', 'cilium'])).toEqual(['old vpn/gateway-egress egress:every-address:0.0.0.0/0', 'old vpn/gateway-egress egress:every-namespace:namespaceSelector {} podSelector {}']);
});

it('what the restatement adds is new: a ::/0 rule the NetworkPolicy did not have', () => {
  expect(permissive(['app', 'cilium-wider'])).toEqual([
    'new vpn/egress-of-gateway[CiliumNetworkPolicy] egress:every-address:::/0',
    'old vpn/egress-of-gateway[CiliumNetworkPolicy] egress:every-address:0.0.0.0/0',
    'old vpn/egress-of-gateway[CiliumNetworkPolicy] egress:every-namespace:namespaceSelector {} podSelector {}',
  ]);
});

it('a copy added beside the policy, which stays, is new: the old finding vouches for itself only', () => {
  expect(permissive(['app', 'np', 'cilium'])).toEqual([
    'new vpn/egress-of-gateway[CiliumNetworkPolicy] egress:every-address:0.0.0.0/0',
    'new vpn/egress-of-gateway[CiliumNetworkPolicy] egress:every-namespace:namespaceSelector {} podSelector {}',
    'old vpn/gateway-egress egress:every-address:0.0.0.0/0',
    'old vpn/gateway-egress egress:every-namespace:namespaceSelector {} podSelector {}',
  ]);
});

it('the same rules for other pods (another pod selector) are new', () => {
  expect(permissive(['app', 'cilium-other-pods'])).toEqual([
    'new vpn/egress-of-vpn[CiliumNetworkPolicy] egress:every-address:0.0.0.0/0',
    'new vpn/egress-of-vpn[CiliumNetworkPolicy] egress:every-namespace:namespaceSelector {} podSelector {}',
  ]);
});
