/**
 * Outside the focus, a namespace's own policies cut its pods only where they can tell them apart on a
 * pair with a touched pod (engine/outside-subjects.ts): a policy whose rules admit the changed namespace's
 * pods, or any policy of that direction where isolation is not the same for every pod. A policy whose
 * rules name other namespaces, in a namespace a default deny isolates whole, does not cut: its subject's
 * pods and the others keep the same traffic with the change.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { DiffReport } from '../../src/analysis/types.js';
import { buildRegions, computeConnectivity, diffConnectivity, peerId, regionFocus } from '../../src/engine/index.js';
import { loadManifests } from '../../src/manifests/load.js';

type Files = { path: string; text: string }[];
const file = (path: string, text: string) => ({ path, text });
const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
const deployment = (namespace: string, name: string, labels: Record<string, string>) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  template:\n    metadata: {labels: ${JSON.stringify(labels)}}\n    spec: {containers: [{name: c, image: x}]}\n`;
const policy = (namespace: string, name: string, spec: object) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: ${JSON.stringify(spec)}\n`;
const byName = (name: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
const denyAll = (namespace: string) => policy(namespace, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
const lines = (r: DiffReport) => r.pairs.filter((p) => p.opened).map((p) => `${peerId(p.src)} => ${peerId(p.dst)} : ${p.opened!.toText()}`);

/**
 * shop's egress opens to every destination on TCP 443 (a rule without `to`, as a DNS policy widened).
 * vault: isolated whole; {app=api} admits shop, {app=audit} admits only `other`. open: nothing isolates
 * it whole; {app=db} admits only `other`, so db pods refuse shop while the rest admit it.
 */
function sides(): { base: Files; head: Files } {
  const common = [
    file('ns.yaml', [ns('shop'), ns('vault'), ns('open'), ns('other')].join('---\n')),
    file('workloads.yaml', deployment('shop', 'web', { app: 'web' })),
    file('shop-deny.yaml', denyAll('shop')),
    file('vault-deny.yaml', denyAll('vault')),
    file('vault-api.yaml', policy('vault', 'api', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [byName('shop')], ports: [{ port: 443 }] }] })),
    file('vault-audit.yaml', policy('vault', 'audit', { podSelector: { matchLabels: { app: 'audit' } }, ingress: [{ from: [byName('other')] }] })),
    file('open-db.yaml', policy('open', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [byName('other')] }] })),
  ];
  const shopEgress = (ports: object[]) => policy('shop', 'egress', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports }] });
  return {
    base: [...common, file('shop-egress.yaml', shopEgress([{ protocol: 'UDP', port: 53 }]))],
    head: [...common, file('shop-egress.yaml', shopEgress([{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 443 }]))],
  };
}

describe('regions of namespaces outside the focus', () => {
  it('the region of a pod the change newly reaches has an opened pair, that of a pod refusing it has none', () => {
    const { base, head } = sides();
    const [b, h] = [loadManifests(base).cluster, loadManifests(head).cluster];
    const focus = regionFocus(b, h);
    const regions = buildRegions([b, h], undefined, focus.namespaces, focus.subjects);
    const diff = diffConnectivity(computeConnectivity(b, regions), computeConnectivity(h, regions), { regions });
    // The report names these pairs after the opened rule (every destination): the regions are checked here.
    const reaches = (namespace: string, labels: Record<string, string>) => {
      const region = regions.locate(namespace, labels);
      return diff.pairs.some((p) => p.opened && p.src.type === 'workload' && p.src.workload.id === 'shop/web[Deployment]' && p.dst.type === 'pods' && p.dst.region === region);
    };
    expect(reaches('vault', { app: 'api' })).toBe(true);
    expect(reaches('vault', { app: 'audit' })).toBe(false);
    expect(reaches('vault', { app: 'cache' })).toBe(false);
    expect(reaches('open', { app: 'cache' })).toBe(true);
    expect(reaches('open', { app: 'db' })).toBe(false);
    expect(lines(analyzeDiff(base, head))).toContain('shop/web[Deployment] => entire-cluster (except open/[pod with {app=db}], shop/[all pods], vault/[pod with {app NotIn (api)}]) : TCP 443');
  });

  it('a policy whose rules cannot admit the changed pods does not cut a namespace isolated whole; isolation and admitting rules do', () => {
    const { base, head } = sides();
    const [b, h] = [loadManifests(base).cluster, loadManifests(head).cluster];
    const focus = regionFocus(b, h);
    expect([...(focus.namespaces ?? [])]).toEqual(['shop']);
    const regions = buildRegions([b, h], undefined, focus.namespaces, focus.subjects);
    const vault = (labels: Record<string, string>) => regions.locate('vault', labels);
    expect(vault({ app: 'api' })).not.toBe(vault({ app: 'cache' }));
    expect(vault({ app: 'audit' })).toBe(vault({ app: 'cache' }));
    expect(regions.locate('open', { app: 'db' })).not.toBe(regions.locate('open', { app: 'cache' }));
    // Without a focus every subject cuts.
    const whole = buildRegions([b, h]);
    expect(whole.locate('vault', { app: 'audit' })).not.toBe(whole.locate('vault', { app: 'cache' }));
  });
});
