/**
 * A kustomization's build that fails contributes no objects, and the files kustomizations name stay theirs:
 * a patch file must not turn into a Deployment of namespace `default` because the build that would have
 * used it stopped first (seen on a real repository whose overlay named a remote base).
 */
import { loadManifests } from '../../src/manifests/load.js';
import { referencedFiles } from '../../src/kustomize/repository.js';

const FILES: Record<string, string> = {
  'app/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources: [deploy.yaml]\npatches:\n- path: patches/patch.yaml\n  target: {kind: Deployment, name: web}\nconfigMapGenerator:\n- name: cfg\n  files: [conf/app.properties, extra=conf/extra.yaml]\n',
  'app/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n',
  'app/patches/patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    metadata:\n      labels: {sidecar.istio.io/inject: "true"}\n',
  'app/conf/app.properties': 'a=b\n',
  'app/conf/extra.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: not-a-pod}\nspec: {containers: [{name: c, image: x}]}\n',
  'example/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- ../app\n- missing-dir\n',
  'plain/web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: other}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: nginx}]}\n',
};
const files = Object.entries(FILES).map(([path, text]) => ({ path, text }));

describe('files a kustomization names are never plain manifests', () => {
  it('a failed build leaves its patch and generator inputs unread: no phantom workloads, the error at its line, the rest analysed', () => {
    const loaded = loadManifests(files);
    expect(loaded.cluster.workloads.map((w) => w.id)).toEqual(['other/api[Deployment]']);
    expect(loaded.diagnostics.filter((d) => d.code === 'KUSTOMIZE_BUILD_FAILED').map((d) => `${d.ref.file}:${d.ref.line}`)).toEqual(['example/kustomization.yaml:5']);
  });

  it('lists resources, patch paths and generator files (after key=), not inline patches or folders', () => {
    const map = new Map(Object.entries(FILES));
    map.set('over/kustomization.yaml', 'resources: [../app]\npatchesStrategicMerge:\n- |\n  apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: web}\n');
    expect([...referencedFiles(map)].sort()).toEqual(['app/conf/app.properties', 'app/conf/extra.yaml', 'app/deploy.yaml', 'app/patches/patch.yaml']);
  });
});
