/**
 * A `$patch: delete` that takes a policy out of a build leaves no rendered object to carry the patch's line: a
 * change adding one (or removing one) was cited at the policy's own document in a file the pull request does
 * not touch (new-user 48: "NetworkPolicy shop/default-deny added (base/policies.yaml:1)" for a change that
 * removed an overlay's deletion patch), and "added" told of a policy the overlay merely stopped deleting. Now
 * cited at the deletion's line and said so. Fixtures written here.
 */
import { diffReport } from '../helpers/folder-diff.js';

type Files = Record<string, string>;
const deploy = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: c\n          image: nginx\n`;
const policy = (name: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
const DELETE = (name: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: shop\n$patch: delete\n`;

describe('an overlay deleting a base policy', () => {
  const tree = (field: 'patches' | 'patchesStrategicMerge' | undefined, policies = [policy('default-deny')]): Files => ({
    'base/kustomization.yaml': 'namespace: shop\nresources:\n  - app.yaml\n  - policies.yaml\n',
    'base/app.yaml': deploy('web'),
    'base/policies.yaml': policies.join('---\n'),
    'overlays/prod/kustomization.yaml': `resources:\n  - ../../base\n${field === 'patches' ? 'patches:\n  - path: delete-deny.yaml\n' : field ? 'patchesStrategicMerge:\n  - delete-deny.yaml\n' : ''}`,
    ...(field ? { 'overlays/prod/delete-deny.yaml': DELETE('default-deny') } : {}),
  });

  it.each(['patches', 'patchesStrategicMerge'] as const)('%s: the deletion added is cited at its `$patch: delete` line', async (field) => {
    const text = await diffReport(tree(undefined), tree(field));
    expect(text).toContain('isolated ingress and allowed no ingress; head deletes it by a `$patch: delete` (overlays/prod/delete-deny.yaml:6)');
    expect(text).not.toContain('removed (base:base/policies.yaml:1)');
    // The check run's annotation lands on the deletion, a line the pull request adds.
    const json = JSON.parse(await diffReport(tree(undefined), tree(field), 'json')) as { pairs: { why: { opened: { deletion?: unknown }[] } }[] };
    expect(json.pairs[0].why.opened).toContainEqual(expect.objectContaining({ kind: 'isolated-by', deletion: { side: 'head', ref: { file: 'overlays/prod/delete-deny.yaml', line: 6 } } }));
  });

  it('the deletion removed: "no longer deleted", at base\'s line, never "added" at the untouched policy file', async () => {
    const text = await diffReport(tree('patches'), tree(undefined));
    expect(text).toContain('isolates ingress and allows no ingress; base deleted it by a `$patch: delete` (base:overlays/prod/delete-deny.yaml:6)');
    expect(text).not.toContain('added (base/policies.yaml:1)');
  });

  it('the headline names the deletion where it tells the cause', async () => {
    const two = (field: 'patches' | undefined): Files => ({ ...tree(field), 'base/app.yaml': `${deploy('web')}---\n${deploy('db')}`.replace(/\n---\n$/, '\n') });
    expect(await diffReport(two(undefined), two('patches'))).toContain('NetworkPolicy shop/default-deny deleted by a `$patch: delete` (overlays/prod/delete-deny.yaml:6)');
    expect(await diffReport(two('patches'), two(undefined))).toContain('NetworkPolicy shop/default-deny no longer deleted by a `$patch: delete` (base:overlays/prod/delete-deny.yaml:6)');
  });

  it('`$patch: delete` written into a patch that was a merge: cited at that line', async () => {
    const merge = DELETE('default-deny').replace('$patch: delete\n', 'spec:\n  policyTypes: [Ingress]\n');
    const base = { ...tree('patches'), 'overlays/prod/delete-deny.yaml': merge };
    const head = { ...tree('patches'), 'overlays/prod/delete-deny.yaml': merge.replace('spec:\n  policyTypes: [Ingress]\n', '$patch: delete\n') };
    expect(await diffReport(base, head)).toContain('head deletes it by a `$patch: delete` (overlays/prod/delete-deny.yaml:6)');
  });

  it('a deletion that changes no path: the quiet change says so at the deletion', async () => {
    const two = [policy('default-deny'), policy('deny-2')];
    const with_ = (on: boolean): Files => ({ ...tree('patches', two), ...(on ? { 'overlays/prod/delete-deny.yaml': DELETE('deny-2') } : {}) });
    const off = { ...with_(false), 'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\n' };
    expect(await diffReport(off, with_(true))).toContain('shop/deny-2 deleted by a `$patch: delete` (overlays/prod/delete-deny.yaml:6)');
    const undone = await diffReport(with_(true), off);
    expect(undone).toContain('shop/deny-2 no longer deleted by a `$patch: delete` (base:overlays/prod/delete-deny.yaml:6)');
    expect(undone).not.toContain('added (base/policies.yaml:9)');
  });
});

describe('inline deletion patches of a Flux Kustomization and an Argo CD Application', () => {
  const INLINE = (indent: string) =>
    ['patches:', '  - patch: |', '      apiVersion: networking.k8s.io/v1', '      kind: NetworkPolicy', '      metadata:', '        name: default-deny', '      $patch: delete', '    target:', '      kind: NetworkPolicy', '      name: default-deny'].map((l) => `${indent}${l}\n`).join('');
  const flux = (patch: boolean): Files => ({
    'clusters/prod/apps.yaml': `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps/shop\n  prune: true\n  targetNamespace: shop\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${patch ? INLINE('  ') : ''}`,
    'apps/shop/app.yaml': deploy('web'),
    'apps/shop/policies.yaml': policy('default-deny'),
  });

  it('Flux spec.patches: added and removed, at the `$patch: delete` line of clusters/prod/apps.yaml', async () => {
    expect(await diffReport(flux(false), flux(true))).toContain('head deletes it by a `$patch: delete` (clusters/prod/apps.yaml:20)');
    expect(await diffReport(flux(true), flux(false))).toContain('base deleted it by a `$patch: delete` (base:clusters/prod/apps.yaml:20)');
  });

  const argo = (patch: boolean, sync = 'automated: {prune: true}'): Files => ({
    'argocd/shop.yaml': `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: shop\n  namespace: argocd\nspec:\n  source:\n    repoURL: https://github.com/acme/gitops\n    path: apps/shop\n    kustomize:\n      namespace: shop\n${patch ? INLINE('      ') : ''}  destination:\n    server: https://kubernetes.default.svc\n    namespace: shop\n  syncPolicy:\n    ${sync}\n`,
    'apps/shop/kustomization.yaml': 'resources:\n  - app.yaml\n  - policies.yaml\n',
    'apps/shop/app.yaml': deploy('web'),
    'apps/shop/policies.yaml': policy('default-deny'),
  });

  it('Argo CD kustomize.patches: added, at the Application', async () => {
    const text = await diffReport(argo(false), argo(true));
    expect(text).toContain('head deletes it by a `$patch: delete` (argocd/shop.yaml:18)');
  });

  it('an Application that does not prune: the note says the patch takes the policy out of the build, at its line, in text, Markdown and JSON', async () => {
    const [base, head] = [argo(false, 'automated: {selfHeal: true}'), argo(true, 'automated: {selfHeal: true}')];
    const said = 'NetworkPolicy shop/default-deny (argocd/shop.yaml:18) is taken out of the build by a `$patch: delete` but stays in the cluster, and head is analysed with it (once it is deleted by hand, ';
    const text = await diffReport(base, head);
    expect(text).toContain(`note: ${said}`);
    expect(text).not.toContain('removed from the repository');
    expect(text).not.toContain('apps/shop/policies.yaml:1');
    expect(await diffReport(base, head, 'md')).toContain(said);
    const json = JSON.parse(await diffReport(base, head, 'json')) as { notices: { code: string; message: string }[] };
    expect(json.notices.filter((n) => n.code === 'NOT_PRUNED').map((n) => n.message)).toEqual([expect.stringContaining(said)]);
  });
});
