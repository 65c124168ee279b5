/**
 * A Flux Kustomization base left out as switched off (its namespace folder's kustomization does not list its
 * ks.yaml) and head lists is switched on by the change: it belongs to its tree's cluster model, where its
 * namespace's default-deny selects it. It was taken for one new only because its parent failed on base and
 * analysed as a model of its own, "new in this change", open to everything (real repositories 45).
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { listedByFailedParent } from '../../src/targets/flux-clusters.js';
import { switchedOnBy } from '../../src/targets/switched-on.js';
import type { SwitchedOff, TargetSpec } from '../../src/targets/types.js';

type Files = Record<string, string>;
const URL = 'https://github.com/example/cluster';
const SYNC = `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  url: ${URL}\n  ref: {branch: main}\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: workloads, namespace: flux-system}\nspec:\n  path: ./workloads\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
const child = (name: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  path: ./workloads/shop/${name}/app\n  targetNamespace: shop\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
const deploy = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: nginx}]}\n`;
const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n';
const K = (list: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [${list}]\n`;
const COMMON: Files = {
  'flux/sync.yaml': SYNC,
  'workloads/kustomization.yaml': K('shop'),
  'workloads/shop/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
  'workloads/shop/deny.yaml': DENY,
  'workloads/shop/web/ks.yaml': child('web'),
  'workloads/shop/web/app/kustomization.yaml': K('deploy.yaml'),
  'workloads/shop/web/app/deploy.yaml': deploy('web'),
  'workloads/shop/api/ks.yaml': child('api'),
  'workloads/shop/api/app/kustomization.yaml': K('deploy.yaml'),
  'workloads/shop/api/app/deploy.yaml': deploy('api'),
};
/** Base leaves `api/ks.yaml` out (switched off); head lists it. */
const BASE: Files = { ...COMMON, 'workloads/shop/kustomization.yaml': K('namespace.yaml, deny.yaml, web/ks.yaml') };
const HEAD: Files = { ...COMMON, 'workloads/shop/kustomization.yaml': K('namespace.yaml, deny.yaml, web/ks.yaml, api/ks.yaml') };
const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));

describe('a Flux Kustomization switched on by the change', () => {
  it("is analysed in its tree's model, under its namespace's default-deny, not as a model of its own", async () => {
    const r = await analyzeTargets(asList(BASE), asList(HEAD), { discover: { repoUrls: [URL] } });
    expect(r.targets.map((t) => t.name)).not.toContain('api');
    const model = r.targets.find((t) => t.members?.some((m) => m.name === 'api'));
    expect(model?.members?.map((m) => m.name)).toEqual(expect.arrayContaining(['web', 'api']));
    // The namespace's default-deny selects it: nothing opens, and it is no unprotected workload.
    expect(r.counts.opened).toBe(0);
    expect(r.targets.flatMap((t) => t.report.findings).filter((f) => f.code === 'UNPROTECTED_WORKLOAD')).toEqual([]);
    expect(r.targets.flatMap((t) => t.report.added.map((w) => `${w.namespace}/${w.name}`))).toEqual(['shop/api']);
  });
});

describe('a Flux Kustomization switched on by the change whose head build the API server rejects', () => {
  /** A policy whose port the API server refuses (line 7: the port). */
  const BAD = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api-in}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  ingress:\n    - ports: [{port: 70000}]\n';
  const OPEN = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api-open}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress: [{}]\n';
  const rejected: Files = { 'workloads/shop/api/app/kustomization.yaml': K('deploy.yaml, open.yaml, bad.yaml'), 'workloads/shop/api/app/open.yaml': OPEN, 'workloads/shop/api/app/bad.yaml': BAD };

  it('fails its first apply: none of its objects reach the cluster (its allow-all opens nothing), not read per object as one whose parent failed on base', async () => {
    const r = await analyzeTargets(asList(BASE), asList({ ...HEAD, ...rejected }), { discover: { repoUrls: [URL] } });
    const items = r.targets.flatMap((t) => t.report.notAnalysed ?? []);
    expect(items.map((n) => ({ file: n.error.ref.file, line: n.error.ref.line, wholeTarget: n.wholeTarget && { controller: n.wholeTarget.controller, firstApply: n.wholeTarget.firstApply } }))).toEqual([
      { file: 'workloads/shop/api/app/bad.yaml', line: 7, wholeTarget: { controller: 'Flux Kustomization api', firstApply: true } },
    ]);
    expect(r.counts.opened).toBe(0);
  });
});

describe('two Flux Kustomizations of one name in one file, in two namespaces', () => {
  // Flux keys a Kustomization by namespace and name: `flux-system/api` switched off on base says nothing of `team/api`.
  const file = 'workloads/shop/api/ks.yaml';
  const target = (namespace: string): TargetSpec => ({
    name: 'api',
    origin: 'flux',
    roots: ['workloads/shop/api/app'],
    helm: [],
    why: 'w',
    ref: { file, line: 1 },
    parentBuild: 'workloads/shop',
    controller: { kind: 'FluxKustomization', namespace, name: 'api', ref: { file, line: 1 } },
  });
  const off: SwitchedOff[] = [{ name: 'api', namespace: 'flux-system', ref: { file, line: 1 }, path: 'workloads/shop/api/app', leftOutBy: 'workloads/shop/kustomization.yaml' }];

  it('are matched by namespace too: the one base switched off is switched on, the other is not', () => {
    const on = switchedOnBy(off);
    expect(on(target('flux-system'))).toBe(true);
    expect(on(target('team'))).toBe(false);
  });

  it("base's file holding one is not base holding the other (the failed-parent guess)", () => {
    const onBase = (p: string) => (p === file ? child('api') : undefined);
    expect(listedByFailedParent(target('flux-system'), onBase)).toBe(true);
    expect(listedByFailedParent(target('team'), onBase)).toBe(false);
  });
});
