/**
 * A region no single selector says exactly (`not (tier DoesNotExist and kubernetes.io/metadata.name
 * Exists)` is two boxes) falls back to its holding peer narrowed by the selectors it matches. When that
 * narrowing trades the holder's `env Exists` for a matched `env In (a,b)` (one requirement for one), the
 * name is the narrower one: before, the equal count read as "nothing added" and the region of env=a pods
 * was named `[pod with {env Exists}]`, holding the env=c pods of another region (a pair then claimed of
 * env=a pods a path only env=c pods lost; diff-claims-hold found it).
 */
import { abstractPeer } from '../../src/engine/index.js';
import { exactRegionName } from '../../src/engine/region-names.js';
import type { LabelSelector, Requirement } from '../../src/engine/index.js';

const sel = (...expressions: Requirement[]): LabelSelector => ({ matchLabels: {}, expressions });
const envIn = sel({ key: 'env', op: 'In', values: ['a', 'b'] });
const egressPeer = sel({ key: 'tier', op: 'DoesNotExist', values: [] }, { key: 'kubernetes.io/metadata.name', op: 'Exists', values: [] });
const envExists = sel({ key: 'env', op: 'Exists', values: [] });
const selectors = [envIn, egressPeer, envExists];
const name = (matched: number[], labels: Record<string, string>) => exactRegionName(abstractPeer('ns4', envExists), { selectors, matched, labels }, 'ns4', 4096).id;

describe('a region name that falls back to its matched selectors', () => {
  it('keeps every selector the region matches, even when one replaces the holder requirement it implies', () => {
    expect(name([0, 2], { env: 'a', tier: 'x' })).toBe('ns4/[pod with {env In (a,b)}]');
  });

  it('adds the negation of a selector the region does not match where it holds the whole region', () => {
    // `env NotIn (a,b)` holds every env=c pod; neither `tier Exists` nor `kubernetes.io/metadata.name
    // DoesNotExist` alone holds the region (it is two boxes), so neither is added.
    expect(name([2], { env: 'c', tier: 'x' })).toBe('ns4/[pod with {env Exists,env NotIn (a,b)}]');
  });
});
