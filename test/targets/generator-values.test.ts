/**
 * Helm values a kustomization's generator hands to a Flux HelmRelease are Helm inputs whatever the file is
 * called: a change to them is "Not analysed" under the verdict, as a changed values*.yaml is (real-eval 23:
 * Cilium's values in a file named 1.13.x.yaml, generated as `values.yaml=./1.13.x.yaml` into the ConfigMap the
 * HelmRelease reads, changed and read "no change", said nowhere). A generated file no HelmRelease reads (an
 * app's own configuration) is not Helm values; a change to image coordinates only is still not said.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import type { TargetsReport } from '../../src/targets/analyze-targets.js';

type Files = Record<string, string>;
const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));
const outside = (r: TargetsReport) => r.notices.filter((n) => n.code === 'OUTSIDE_TARGETS').map((n) => n.message);

const app = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: i}]}\n';
const release = (from: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: cni, namespace: kube-system}\nspec:\n  chart: {spec: {chart: cni, sourceRef: {kind: HelmRepository, name: cni}}}\n  valuesFrom: [${from}]\n`;
const settings = (policy: string, tag = 'v1') => `policyEnforcementMode: ${policy}\nimage: {tag: ${tag}}\n`;

describe('a changed file a generator makes Helm values of', () => {
  it('keyed values.yaml (Flux valuesFrom reads that key): not analysed, named', async () => {
    const files = {
      'deploy/app.yaml': app,
      'apps/cni/kustomization.yaml': 'resources: [helmrelease.yaml]\nconfigMapGenerator:\n  - name: cni-values\n    files: [values.yaml=./helm-values.yaml]\n',
      'apps/cni/helmrelease.yaml': release('{kind: ConfigMap, name: cni-values}'),
      'apps/cni/helm-values.yaml': settings('default'),
    };
    expect(outside(await analyzeTargets(list(files), list({ ...files, 'apps/cni/helm-values.yaml': settings('never') })))).toEqual([
      expect.stringMatching(/^Not analysed: a changed Helm values file outside any chart, which nothing here renders: apps\/cni\/helm-values.yaml\./),
    ]);
    // Image coordinates only: a CI bump, not said.
    expect(outside(await analyzeTargets(list(files), list({ ...files, 'apps/cni/helm-values.yaml': settings('default', 'v2') })))).toEqual([]);
  });

  it('under another key, when a HelmRelease of the kustomization reads the generated object', async () => {
    const files = {
      'deploy/app.yaml': app,
      'apps/cni/kustomization.yaml': 'resources: [helmrelease.yaml]\nsecretGenerator:\n  - name: cni-settings\n    files: [./cni-1.13.yaml]\n',
      'apps/cni/helmrelease.yaml': release('{kind: Secret, name: cni-settings, valuesKey: cni-1.13.yaml}'),
      'apps/cni/cni-1.13.yaml': settings('default'),
    };
    expect(outside(await analyzeTargets(list(files), list({ ...files, 'apps/cni/cni-1.13.yaml': settings('always') })))).toEqual([expect.stringMatching(/: apps\/cni\/cni-1.13.yaml\./)]);
  });

  it('an application configuration file no HelmRelease reads is no Helm values: nothing said', async () => {
    const files = {
      'deploy/app.yaml': app,
      'apps/web/kustomization.yaml': 'resources: [../../deploy/app.yaml]\nconfigMapGenerator:\n  - name: web-config\n    files: [config.yaml=./settings.yaml]\n',
      'apps/web/settings.yaml': 'greeting: hello\n',
    };
    expect(outside(await analyzeTargets(list(files), list({ ...files, 'apps/web/settings.yaml': 'greeting: bonjour\n' })))).toEqual([]);
  });
});
