/**
 * An encrypted file that several kustomizations of one Flux build list is named once in the targets' note
 * (a real repository's note named one SOPS file four times).
 */
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { sideIndex, targetFiles } from '../../src/targets/target-files.js';

const sops = 'apiVersion: v1\nkind: Secret\nmetadata: {name: age, namespace: flux-system}\ndata:\n  age.agekey: ENC[AES256_GCM,data:xx,type:str]\nsops:\n  age: []\n  version: 3.8.1\n';
const files = [
  { path: 'app/a/kustomization.yaml', text: 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [../secret.sops.yaml, cm.yaml]\n' },
  { path: 'app/a/cm.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: flux-system}\n' },
  { path: 'app/b/kustomization.yaml', text: 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [../secret.sops.yaml, cm.yaml]\n' },
  { path: 'app/b/cm.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: flux-system}\n' },
  // Flux writes a kustomization for `./app` listing both: each reads the Secret.
  { path: 'clusters/prod/apps.yaml', text: 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec:\n  path: ./app\n  sourceRef: {kind: GitRepository, name: flux-system}\n' },
  { path: 'app/secret.sops.yaml', text: sops },
];

it('an encrypted file two kustomizations of a build list is named once', async () => {
  const side = sideIndex(new RepoFiles(files));
  const targets = discoverTargets(side).targets;
  const encrypted = (await Promise.all(targets.map((t) => targetFiles(t, side)))).map((t) => t.encrypted);
  expect(encrypted).toContainEqual(['app/secret.sops.yaml']);
  for (const e of encrypted) expect(new Set(e).size).toBe(e.length);
});
