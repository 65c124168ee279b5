/**
 * A section heading that names some of a cluster's targets and counts the rest names those nearest the change
 * first (report/target-members.ts): marmila/picluster b6f40b46 changed keycloak's policy, and the prod
 * heading named e-commerce-config, e-commerce-app, cert-manager-app … before it counted the rest, keycloak's
 * Kustomizations among them (real-eval 25). A heading naming every target keeps their order.
 */
import { main } from '../../src/cli/main.js';
import { tempFolderSync } from '../helpers/git.js';

type Files = Record<string, string>;
const URL = 'https://github.com/example/home-ops';
const GIT = `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  url: ${URL}\n  ref: {branch: main}\n`;
const ks = (name: string, path: string, ns?: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  path: ${path}\n${ns ? `  targetNamespace: ${ns}\n` : ''}  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
const deploy = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: ${name}}]}\n`;
const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec:\n  podSelector: {matchLabels: {app: app7}}\n  policyTypes: [Ingress]\n';

/** A cluster of `apps` app Kustomizations under `folder`, each deploying one Deployment into namespace shop. */
function cluster(folder: string, apps: number): Files {
  const files: Files = { [`${folder}/flux/ks.yaml`]: `${GIT}---\n${ks(`${folder}-cluster`, `./${folder}/apps`)}` };
  for (let i = 1; i <= apps; i++) {
    files[`${folder}/apps/app${i}.yaml`] = ks(`${folder}-app${i}`, `./${folder}/app${i}`, 'shop');
    files[`${folder}/app${i}/deploy.yaml`] = deploy(`app${i}`);
  }
  return files;
}

test('the target holding the change is named first, the rest counted', async () => {
  const base = { ...cluster('prod', 7), ...cluster('dev', 1) };
  const head = { ...base, 'prod/app7/deny.yaml': DENY };
  const [b, h] = [tempFolderSync(base, 'reachdiff-member-order-'), tempFolderSync(head, 'reachdiff-member-order-')];
  const text = (await main(['diff', b, h])).stdout;
  expect(text.split('\n').find((l) => l.startsWith('== '))).toBe('== prod-cluster (prod-app7, prod-app1, prod-app2, prod-app3, prod-app4 and 3 more targets) ==');
  const md = (await main(['diff', b, h, '--format', 'md'])).stdout;
  expect(md).toContain('#### 🔒 prod-cluster (prod-app7, prod-app1, prod-app2, prod-app3, prod-app4 and 3 more targets)');
});
