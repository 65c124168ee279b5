/**
 * Same-named Flux Kustomizations in two clusters are told apart by `#2` in the order discovery meets them,
 * and that order may differ between base and head. Modelled on two clusters' trees, each with an app
 * Kustomization of one name, where head breaks one cluster's apps build: base named the first cluster's
 * app plainly, head the second's, and the second cluster's head was compared with the first one's base.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { withHeadNames } from '../../src/targets/side-names.js';
import type { TargetSpec } from '../../src/targets/types.js';

type Files = Record<string, string>;
const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));

/** One cluster's tree under k/NAME: its root Kustomization, its apps, one namespace, one app with one Deployment. */
function cluster(name: string, namespaceYaml: string): Files {
  const source = '{kind: GitRepository, name: home}';
  return {
    [`k/${name}/flux/config/cluster.yaml`]: `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: home, namespace: flux-system}\nspec: {url: https://github.com/example/home, ref: {branch: main}}\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: cluster, namespace: flux-system}\nspec: {path: ./k/${name}/flux, sourceRef: ${source}}\n`,
    [`k/${name}/flux/config/kustomization.yaml`]: 'resources: [cluster.yaml]\n',
    [`k/${name}/flux/apps.yaml`]: `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: cluster-apps, namespace: flux-system}\nspec: {path: ./k/${name}/apps, sourceRef: ${source}}\n`,
    [`k/${name}/apps/kustomization.yaml`]: 'resources: [./mon]\n',
    [`k/${name}/apps/mon/kustomization.yaml`]: 'resources: [./namespace.yaml, ./exporter/ks.yaml]\n',
    [`k/${name}/apps/mon/namespace.yaml`]: namespaceYaml,
    [`k/${name}/apps/mon/exporter/ks.yaml`]: `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: exporter, namespace: flux-system}\nspec: {path: ./k/${name}/apps/mon/exporter/app, sourceRef: ${source}}\n`,
    [`k/${name}/apps/mon/exporter/app/kustomization.yaml`]: 'resources: [deploy.yaml]\n',
    [`k/${name}/apps/mon/exporter/app/deploy.yaml`]: `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: exporter-${name}, namespace: mon}\nspec:\n  selector: {matchLabels: {app: exporter}}\n  template:\n    metadata: {labels: {app: exporter}}\n    spec: {containers: [{name: c, image: x}]}\n`,
  };
}
const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: mon\n  labels:\n    a: b\n';
// A label written twice: the build of that cluster's apps fails on head.
const BROKEN = `${NAMESPACE}    a: b\n`;

describe('same-named Kustomizations of several clusters keep one name per object across the sides', () => {
  it('the cluster the change does not touch reads no change (it read its neighbour\'s app as removed)', async () => {
    const base = { ...cluster('alpha', NAMESPACE), ...cluster('beta', NAMESPACE) };
    const head = { ...cluster('alpha', BROKEN), ...cluster('beta', NAMESPACE) };
    const r = await analyzeTargets(asList(base), asList(head));
    const beta = r.targets.find((t) => t.cluster?.includes('k/beta'));
    expect(beta).toBeDefined();
    expect(beta!.report.pairs).toEqual([]);
    expect(r.counts).toMatchObject({ opened: 0, closed: 0 });
  });

  it('a cluster\'s tree copied to a new folder, the old copy deleted: the same objects of one cluster, no change (not the old copy removed)', async () => {
    // Modelled on a tree moved in two commits: copied beside itself (clusters named alike, told apart by folder), then the old one deleted.
    const copy = (files: Files, from: string, to: string): Files => Object.fromEntries(Object.entries(files).map(([p, t]) => [p.replace(`k/${from}/`, `k/${to}/`), t.split(`k/${from}/`).join(`k/${to}/`)]));
    const old = cluster('alpha', NAMESPACE);
    const r = await analyzeTargets(asList({ ...old, ...copy(old, 'alpha', 'gamma') }), asList(copy(old, 'alpha', 'gamma')));
    expect(r.counts).toMatchObject({ opened: 0, closed: 0 });
  });

  it('base takes head\'s names by controller object; one head no longer names takes a free #N', () => {
    const spec = (name: string, file: string): TargetSpec => ({ name, origin: 'flux', roots: [], helm: [], why: '', controller: { kind: 'FluxKustomization', namespace: 'flux-system', name: name.replace(/#\d+$/, ''), ref: { file, line: 1 } } });
    const base = [spec('app', 'a/ks.yaml'), spec('app#2', 'b/ks.yaml'), spec('app#3', 'c/ks.yaml'), spec('other', 'o.yaml')];
    const head = [spec('app', 'b/ks.yaml'), spec('app#2', 'c/ks.yaml'), spec('other', 'o.yaml')];
    expect(withHeadNames(base, head, () => true).map((t) => [t.name, t.controller!.ref.file])).toEqual([['app#3', 'a/ks.yaml'], ['app', 'b/ks.yaml'], ['app#2', 'c/ks.yaml'], ['other', 'o.yaml']]);
    // Nothing told apart: the very array.
    const plain = [spec('x', 'x.yaml')];
    expect(withHeadNames(plain, [spec('x', 'x.yaml')], () => true)).toBe(plain);
  });
});
