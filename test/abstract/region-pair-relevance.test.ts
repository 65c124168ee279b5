/**
 * The region pair bound (engine/region-pair-budget.ts) cuts by relevance, not by the order pairs are met.
 * Modelled on a stock Kubeflow namespace: a default deny and many policies in one namespace, each selecting
 * its pods on its own label key and admitting a gateway namespace; the change renames one selector's value. Its own
 * pairs (the gateway to the old value's pods, closed; to the new value's, opened) must be reported
 * despite a bound below the candidate pairs, where the diff once kept the first pairs met and dropped them.
 */
import { buildRegions, computeConnectivity, diffConnectivity, peerId, regionFocus } from '../../src/engine/index.js';
import type { ConnectivityDiff, RegionSet } from '../../src/engine/index.js';
import { loadManifests } from '../../src/manifests/load.js';

/**
 * A default deny in `apps`, and 3 keys × 2 values policies there, each admitting namespace `gw` and the
 * `role=client` pods of `apps` on its own TCP port; plus `web`, admitting `gw` on all ports. The clients make many
 * candidate pairs the change leaves as they were (a policy of another key admits them too).
 */
function repository(webValue: string): string {
  const docs = [
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps',
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: gw',
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: apps\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]',
  ];
  const policy = (name: string, key: string, value: string, port: string, clients = true) =>
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: apps
spec:
  podSelector:
    matchExpressions:
    - {key: ${key}, operator: In, values: [${value}]}
  policyTypes: [Ingress]
  ingress:
  - from:
    - namespaceSelector:
        matchExpressions:
        - {key: kubernetes.io/metadata.name, operator: In, values: [gw]}
${clients ? '    - podSelector:\n        matchExpressions:\n        - {key: role, operator: In, values: [client]}\n' : ''}${port}`;
  let port = 8000;
  for (const key of ['app', 'component', 'tier']) {
    for (const value of ['a', 'b']) docs.push(policy(`${key}-${value}`, key, value, `    ports:\n    - {protocol: TCP, port: ${port++}}`));
  }
  docs.push(policy('web', 'app.kubernetes.io/component', webValue, '', false));
  return docs.join('\n---\n');
}

function diffOf(maxRegionPairs?: number): { diff: ConnectivityDiff; regions: RegionSet; lines: string[] } {
  const base = loadManifests([{ path: 'c.yaml', text: repository('web') }]).cluster;
  const head = loadManifests([{ path: 'c.yaml', text: repository('web-new') }]).cluster;
  const focus = regionFocus(base, head);
  const regions = buildRegions([base, head], undefined, focus.namespaces, focus.subjects);
  const diff = diffConnectivity(computeConnectivity(base, regions), computeConnectivity(head, regions), { regions, maxRegionPairs });
  const lines = diff.pairs.map((p) => `${peerId(p.src)} => ${peerId(p.dst)} +${p.opened?.toText() ?? '-'} -${p.closed?.toText() ?? '-'}`);
  return { diff, regions, lines };
}

/** The change's own pairs: to the pods only the renamed selector picks (no other policy's label). */
const own = (lines: readonly string[], value: string) =>
  lines.filter((l) => {
    const [src, dst] = l.split(' => ');
    return src.includes('gw') && dst.includes(`app.kubernetes.io/component=${value},`) && !/[{,](app|component|tier)=/.test(dst);
  });

describe('region pair bound by relevance', () => {
  const whole = diffOf(Infinity);

  it('the unbounded diff closes the old value and opens the new one on all ports', () => {
    expect(whole.diff.regionPairsCut).toBeUndefined();
    expect(own(whole.lines, 'web').some((l) => l.includes('-All Connections'))).toBe(true);
    expect(own(whole.lines, 'web-new').some((l) => l.includes('+All Connections'))).toBe(true);
  });

  it('counts only changed pairs: a bound below the candidates but above the changed pairs keeps the whole diff', () => {
    // A pair met in several tables counts each time (never more than 4 times here); the candidates are many more.
    const bounded = diffOf(4 * whole.diff.pairs.length);
    expect(whole.regions.regions.length * whole.regions.regions.length).toBeGreaterThan(40 * whole.diff.pairs.length);
    expect(bounded.diff.regionPairsCut).toBeUndefined();
    expect(bounded.lines).toEqual(whole.lines);
  });

  it('past the bound, keeps the pairs of the most direct regions: the change\'s own before label combinations', () => {
    const limit = Math.floor(whole.diff.pairs.length / 4);
    const bounded = diffOf(limit);
    expect(bounded.diff.regionPairsCut).toBe(limit);
    expect(bounded.diff.pairs.length).toBeLessThanOrEqual(limit);
    expect(own(bounded.lines, 'web')).toEqual(own(whole.lines, 'web'));
    expect(own(bounded.lines, 'web-new')).toEqual(own(whole.lines, 'web-new'));
    expect(own(bounded.lines, 'web').length).toBeGreaterThan(0);
    // Every pair kept is one of the whole diff's.
    for (const l of bounded.lines) expect(whole.lines).toContain(l);
  });
});
