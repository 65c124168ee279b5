/**
 * unionParts (src/targets/union-bundles.ts): a unit repeating several others together is the alternative of
 * their union. Only units with an alternative are tried as wholes, so a layout of many folders of which few
 * redefine each other costs the folders, not their pairs (real-eval 19: a platform repository of 1,465
 * namespace folders spent 9 of a diff's 17 seconds asking every pair).
 */
import { unionParts } from '../../src/targets/union-bundles.js';

/** Each unit → the units it is an alternative of, both ways. */
function alternativesOf(pairs: readonly (readonly [string, string])[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [a, b] of pairs) for (const [x, y] of [[a, b], [b, a]]) (out.get(x) ?? out.set(x, new Set()).get(x)!).add(y);
  return out;
}

describe('unionParts', () => {
  it('a bundle repeating two folders together: the folders are one union; a folder alone is none', () => {
    const keys = new Map<string, Set<string>>([
      ['release', new Set(['Deployment/shop/web', 'Deployment/shop/api', 'Gateway/shop/gw', 'VirtualService/shop/vs'])],
      ['kubernetes-manifests', new Set(['Deployment/shop/web', 'Deployment/shop/api'])],
      ['istio-manifests', new Set(['Gateway/shop/gw', 'VirtualService/shop/vs'])],
      ['other', new Set(['Deployment/tools/job'])],
    ]);
    const unions = unionParts(keys, alternativesOf([['release', 'kubernetes-manifests']]));
    expect([...unions]).toEqual([
      ['kubernetes-manifests', 'istio-manifests + kubernetes-manifests'],
      ['istio-manifests', 'istio-manifests + kubernetes-manifests'],
    ]);
    // Without any alternative there is nothing to split: no union.
    expect(unionParts(keys, new Map()).size).toBe(0);
  });

  it('many folders, one pair of alternatives: answered without asking every pair of folders', () => {
    const keys = new Map<string, Set<string>>();
    for (let i = 0; i < 6000; i++) keys.set(`namespaces/live/team-${i}`, new Set([`NetworkPolicy/team-${i}/default`, `Namespace//team-${i}`]));
    keys.set('namespaces/live/api-dev', new Set(['CronJob/default/check-certs']));
    keys.set('namespaces/live/api-prod', new Set(['CronJob/default/check-certs']));
    const started = process.hrtime.bigint();
    const unions = unionParts(keys, alternativesOf([['namespaces/live/api-dev', 'namespaces/live/api-prod']]));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(unions.size).toBe(0);
    // Every pair (36 million) took tens of seconds; the few wholes with alternatives take a few milliseconds.
    expect(ms).toBeLessThan(1000);
  });
});
