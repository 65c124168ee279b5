/**
 * Kustomize `replicas` scales Deployments, StatefulSets (any group: OpenKruise's too), ReplicaSets and
 * ReplicationControllers only. An entry that names none of the build's (an Argo Rollout, or nothing at all)
 * fails `kubectl kustomize` v5.5 ("resource with name web does not match a config with the following GVK
 * [Deployment …]"): ours fails the build the same way, at the entry's line, instead of skipping it
 * silently. Compared with kubectl where it is on the PATH.
 */
import { spawnSync } from 'node:child_process';
import { renderKustomization } from '../../src/kustomize/index.js';
import type { Json } from '../../src/kustomize/index.js';
import { hasKubectl } from '../../src/tools/kustomize-compare.js';
import { tempFolderSync } from '../helpers/git.js';

const rollout = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n';
const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: nginx}]}\n';
const kruise = 'apiVersion: apps.kruise.io/v1beta1\nkind: StatefulSet\nmetadata: {name: kss, namespace: shop}\nspec:\n  selector: {matchLabels: {app: kss}}\n  template:\n    metadata: {labels: {app: kss}}\n    spec: {containers: [{name: c, image: nginx}]}\n';
const files = (replicas: string): Record<string, string> => ({
  'app/kustomization.yaml': `resources: [rollout.yaml, deploy.yaml, kss.yaml]\nnamePrefix: p-\nreplicas:\n${replicas}`,
  'app/rollout.yaml': rollout,
  'app/deploy.yaml': deployment,
  'app/kss.yaml': kruise,
});
const render = (f: Record<string, string>) => renderKustomization(new Map(Object.entries(f)), 'app');
const kubectl = (f: Record<string, string>) => spawnSync('kubectl', ['kustomize', `${tempFolderSync(f)}/app`], { encoding: 'utf8' });

describe('Kustomize replicas naming no scalable object', () => {
  it('a Rollout named by a replicas entry fails the build at the entry, as kubectl kustomize does', () => {
    const f = files('- name: api\n  count: 3\n- name: web\n  count: 2\n');
    const r = render(f);
    expect(r.ok).toBe(false);
    const failed = r.diagnostics.filter((d) => d.code === 'KUSTOMIZE_BUILD_FAILED').map((d) => `${d.ref.file}:${d.ref.line} ${d.message}`);
    expect(failed).toEqual([
      "app/kustomization.yaml:6 kustomize build app fails: replicas: web names no Deployment, StatefulSet, ReplicaSet or ReplicationController of the build (the build's Rollout web is of a kind Kustomize does not scale), so kubectl kustomize fails it (\"resource with name web does not match a config with the following GVK\")",
    ]);
    if (!hasKubectl()) return;
    const out = kubectl(f);
    expect(out.status).not.toBe(0);
    expect(out.stderr).toContain('resource with name web does not match a config with the following GVK');
  });

  it('a name nothing has fails too; names before the prefix and an OpenKruise StatefulSet are scaled', () => {
    const none = render(files('- name: gone\n  count: 1\n'));
    expect(none.diagnostics.filter((d) => d.code === 'KUSTOMIZE_BUILD_FAILED').map((d) => [d.ref.line, d.message.startsWith('kustomize build app fails: replicas: gone names no Deployment')])).toEqual([[4, true]]);
    const f = files('- name: api\n  count: 3\n- name: kss\n  count: 2\n');
    const ok = render(f);
    expect(ok.ok).toBe(true);
    const scaled = ok.objects.map((o) => [o.value.kind, ((o.value.metadata as Json).name), (o.value.spec as Json).replicas]);
    expect(scaled).toEqual([['Rollout', 'p-web', undefined], ['Deployment', 'p-api', 3], ['StatefulSet', 'p-kss', 2]]);
    if (!hasKubectl()) return;
    expect(kubectl(files('- name: gone\n  count: 1\n')).status).not.toBe(0);
    const out = kubectl(f);
    expect(out.status).toBe(0);
    expect(out.stdout.match(/replicas: \d/g)).toEqual(['replicas: 3', 'replicas: 2']);
  });
});
