/**
 * A region's name is written in its simplest form per label key: the requirements the holding peer and
 * the region's selectors add are merged, so a name never reads `{tier Exists,tier In (backend,frontend),
 * tier NotIn (frontend)}` for the pods `{tier=backend}` (the bench's generated repo printed such names).
 */
import { abstractPeer } from '../../src/engine/index.js';
import { prefixRegionName } from '../../src/engine/region-names.js';
import type { LabelSelector, Requirement } from '../../src/engine/index.js';

const sel = (...expressions: Requirement[]): LabelSelector => ({ matchLabels: {}, expressions });
const named = (holder: LabelSelector, ...selectors: LabelSelector[]) =>
  prefixRegionName(abstractPeer('shop', holder), { selectors, matched: selectors.map((_, i) => i), labels: {} }).id;

describe('region names in their simplest form', () => {
  it('intersects In lists and takes NotIn values out of them; one value reads as a label', () => {
    expect(named(sel({ key: 'tier', op: 'Exists', values: [] }), sel({ key: 'tier', op: 'In', values: ['backend', 'frontend'] }), sel({ key: 'tier', op: 'NotIn', values: ['frontend'] }))).toBe('shop/[pod with {tier=backend}]');
    expect(named(sel({ key: 'app', op: 'In', values: ['a', 'b', 'c'] }), sel({ key: 'app', op: 'NotIn', values: ['a'] }))).toBe('shop/[pod with {app In (b,c)}]');
  });

  it('drops a NotIn that a DoesNotExist implies, and keeps Exists beside NotIn (absent pods match NotIn)', () => {
    expect(named(sel({ key: 'env', op: 'DoesNotExist', values: [] }), sel({ key: 'env', op: 'NotIn', values: ['prod'] }))).toBe('shop/[pod with {env DoesNotExist}]');
    expect(named(sel({ key: 'env', op: 'Exists', values: [] }), sel({ key: 'env', op: 'NotIn', values: ['prod'] }))).toBe('shop/[pod with {env Exists,env NotIn (prod)}]');
  });

  it('keeps a contradictory key as written rather than inventing a value', () => {
    expect(named(sel({ key: 'app', op: 'In', values: ['a'] }), sel({ key: 'app', op: 'NotIn', values: ['a'] }))).toBe('shop/[pod with {app In (a),app NotIn (a)}]');
  });
});
