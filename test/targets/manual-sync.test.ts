/**
 * An Argo CD Application without an automated sync policy is synced only when someone asks: merging deploys none
 * of a change to its files (Argo CD "Automated Sync Policy"). As with a suspended Flux Kustomization, its changes
 * are analysed as the sync deploys them (the exit code and check as ever), and the verdict and a note at the
 * `syncPolicy` line (the `kind:` line when there is none) say that merging alone deploys nothing there.
 * `automated: {}` syncs by itself; `automated.enabled: false` does not.
 */
import { diffSides } from '../helpers/folder-diff.js';

type Files = Record<string, string>;
type Notice = { code: string; message: string; file?: string; line?: number };
const URL = 'https://github.com/example/gitops';

/** An Application deploying apps/<name> into namespace <name>, with `syncPolicy` as given (its lines, under `spec:`). */
const application = (name: string, syncPolicy: string) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\n  namespace: argocd\nspec:\n  project: default\n  source:\n    repoURL: ${URL}\n    path: apps/${name}\n  destination:\n    server: https://kubernetes.default.svc\n    namespace: ${name}\n${syncPolicy}`;
const workload = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const deny = (name: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}}\nspec:\n  podSelector: {matchLabels: {app: ${name}}}\n  policyTypes: [Ingress]\n  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]\n`;
const open = (name: string) => deny(name).replace('{matchLabels: {app: web}}', '{}');
const tree = (syncPolicy: string, policy: string): Files => ({
  'argocd/shop.yaml': application('shop', syncPolicy),
  'apps/shop/deploy.yaml': workload('shop'),
  'apps/shop/policy.yaml': policy,
});

async function diff(base: Files, head: Files) {
  const sides = diffSides({ base, head });
  const text = await sides.run();
  const json = JSON.parse((await sides.run('--format', 'json')).stdout) as { notices: Notice[] };
  return { text, manual: json.notices.filter((n) => n.code === 'MANUAL_SYNC') };
}

it('no syncPolicy: the paths are reported (exit 1), the verdict says they deploy on a sync, the note is at the kind line', async () => {
  const r = await diff(tree('', deny('shop')), tree('', open('shop')));
  expect(r.text.exitCode).toBe(1);
  expect(r.text.stdout).toMatch(/^2 paths opened; Application shop is synced by hand: this change deploys there when someone syncs it, not on merge \(see the notes\)\./);
  expect(r.manual).toEqual([
    {
      code: 'MANUAL_SYNC',
      message: 'Application shop is synced by hand (no spec.syncPolicy.automated): Argo CD applies nothing of it until someone syncs it, so merging deploys none of this change to it; what the report says of it is what that sync deploys. Changed here: apps/shop/policy.yaml',
      file: 'argocd/shop.yaml',
      line: 2,
    },
  ]);
});

it('a syncPolicy without automated: the note is at its line; automated.enabled: false at that line', async () => {
  const options = '  syncPolicy:\n    syncOptions: [CreateNamespace=true]\n';
  expect((await diff(tree(options, deny('shop')), tree(options, open('shop')))).manual.map((n) => n.line)).toEqual([14]);
  const off = '  syncPolicy:\n    automated:\n      prune: true\n      enabled: false\n';
  const r = await diff(tree(off, deny('shop')), tree(off, open('shop')));
  expect(r.manual.map((n) => [n.line, n.message.split(':')[0]])).toEqual([[17, 'Application shop is synced by hand (spec.syncPolicy.automated.enabled']]);
});

it('automated sync, even written `automated: {}` or with enabled: true, says nothing of it', async () => {
  for (const policy of ['  syncPolicy:\n    automated: {}\n', '  syncPolicy:\n    automated:\n      enabled: true\n      prune: true\n']) {
    const r = await diff(tree(policy, deny('shop')), tree(policy, open('shop')));
    expect(r.text.stdout).toMatch(/^2 paths opened\./);
    expect(r.manual).toEqual([]);
  }
});

it('an ApplicationSet: its template decides (the note at its spec.syncPolicy, not the set own), and a templatePatch writing syncPolicy is not guessed', async () => {
  const set = (templatePolicy: string, patch = '') =>
    `apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: apps\n  namespace: argocd\nspec:\n  syncPolicy:\n    preserveResourcesOnDeletion: true\n  generators:\n    - list:\n        elements:\n          - name: shop\n${patch}  template:\n    metadata:\n      name: '{{name}}'\n    spec:\n      project: default\n      source:\n        repoURL: ${URL}\n        path: 'apps/{{name}}'\n      destination:\n        server: https://kubernetes.default.svc\n        namespace: '{{name}}'\n${templatePolicy}`;
  const files = (appset: string, policy: string): Files => ({ 'argocd/set.yaml': appset, 'apps/shop/deploy.yaml': workload('shop'), 'apps/shop/policy.yaml': policy });
  const manualTemplate = '      syncPolicy:\n        syncOptions: [CreateNamespace=true]\n';
  const r = await diff(files(set(manualTemplate), deny('shop')), files(set(manualTemplate), open('shop')));
  expect(r.text.stdout).toMatch(/^2 paths opened; Application shop generated by ApplicationSet apps is synced by hand: this change deploys there when someone syncs it/);
  expect(r.manual.map((n) => `${n.file}:${n.line}`)).toEqual(['argocd/set.yaml:24']);
  // The set has a spec.syncPolicy of its own: the note names the template's, where the reviewer must look.
  expect(r.manual[0]?.message).toMatch(/^Application shop generated by ApplicationSet apps is synced by hand \(no spec\.template\.spec\.syncPolicy\.automated\): /);
  const off = '      syncPolicy:\n        automated:\n          enabled: false\n';
  const disabled = await diff(files(set(off), deny('shop')), files(set(off), open('shop')));
  expect(disabled.manual.map((n) => [`${n.file}:${n.line}`, n.message.split(':')[0]])).toEqual([['argocd/set.yaml:26', 'Application shop generated by ApplicationSet apps is synced by hand (spec.template.spec.syncPolicy.automated.enabled']]);
  const automated = await diff(files(set('      syncPolicy:\n        automated: {}\n'), deny('shop')), files(set('      syncPolicy:\n        automated: {}\n'), open('shop')));
  expect(automated.manual).toEqual([]);
  const patch = '  templatePatch: |\n    {{- if .autoSync }}\n    spec:\n      syncPolicy:\n        automated: {}\n    {{- end }}\n';
  const patched = await diff(files(set('', patch), deny('shop')), files(set('', patch), open('shop')));
  expect(patched.text.stdout).toMatch(/^2 paths opened\./);
  expect(patched.manual).toEqual([]);
});

it('a comment edited in an Application synced by hand: no clause in the verdict (nothing waits), the note stays', async () => {
  const r = await diff(tree('', deny('shop')), tree('', `# reviewed\n${deny('shop')}`));
  expect(r.text.stdout.split('\n')[0]).toBe('No change in allowed connectivity.');
  expect(r.manual).toHaveLength(1);
});

it("the Application's own object edited (its source's kustomize.patches) is a change its sync deploys; a change that only turns automated sync off is not (targets/own-controller-file.ts)", async () => {
  const patched = application('shop', '').replace('    path: apps/shop\n', '    path: apps/shop\n    kustomize:\n      patches:\n        - target: {kind: NetworkPolicy, name: shop}\n          patch: |-\n            - op: replace\n              path: /spec/ingress/0/from/0/podSelector\n              value: {}\n');
  const built = { ...tree('', deny('shop')), 'apps/shop/kustomization.yaml': 'resources: [deploy.yaml, policy.yaml]\n' };
  const r = await diff(built, { ...built, 'argocd/shop.yaml': patched });
  expect(r.text.stdout).toMatch(/^2 paths opened; Application shop is synced by hand: this change deploys there when someone syncs it, not on merge \(see the notes\)\./);
  expect(r.manual.map((n) => n.message.split('Changed here: ')[1])).toEqual(['argocd/shop.yaml']);
  const turnedOff = await diff(tree('  syncPolicy:\n    automated: {prune: true}\n', deny('shop')), tree('', deny('shop')));
  expect(turnedOff.text.stdout.split('\n')[0]).toBe('No change in allowed connectivity.');
  expect(turnedOff.manual).toEqual([]);
});
