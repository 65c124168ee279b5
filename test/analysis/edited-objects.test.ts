/**
 * A change made by a rendering-time edit (a Kustomize or Flux patch, namePrefix, a components entry, an Argo
 * CD Application's kustomize.patches) is cited at the line the pull request edits, not at the policy's own
 * document in a file it does not touch (new-user 47: "no longer isolates egress (its policyTypes,
 * apps/shop/np.yaml:1)" for a Flux patch removed in clusters/prod/apps.yaml). Fixtures written here.
 */
import { editedLines } from '../../src/analysis/edited-objects.js';
import { diffReport } from '../helpers/folder-diff.js';

type Files = Record<string, string>;
const deploy = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: c\n          image: nginx\n`;
const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
const ALLOW_WEB = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-web\nspec:\n  podSelector:\n    matchLabels: {app: cart}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels: {kubernetes.io/metadata.name: web}\n';
const EGRESS_PATCH = (indent: string) =>
  ['patches:', '  - target:', '      kind: NetworkPolicy', '      name: default-deny', '    patch: |', '      - op: add', '        path: /spec/policyTypes/-', '        value: Egress'].map((l) => `${indent}${l}\n`).join('');

describe('plain Kustomize', () => {
  const app = (patch: boolean): Files => ({
    'app/kustomization.yaml': `namespace: shop\nnamePrefix: prod-\nresources:\n  - np.yaml\n  - deploy.yaml\n${patch ? EGRESS_PATCH('') : ''}`,
    'app/np.yaml': DENY,
    'app/deploy.yaml': deploy('api'),
  });

  it("a JSON 6902 patch removed: the lapse is cited at base's patch line, never at the untouched policy file", async () => {
    const text = await diffReport(app(true), app(false));
    // Line 13 of base's kustomization: `value: Egress`, the operation's value that set policyTypes.
    expect(text).toContain('why: in base, NetworkPolicy shop/prod-default-deny (base:app/kustomization.yaml:13) isolated egress');
    expect(text).not.toContain('app/np.yaml:1');
  });

  it('the patch added: cited at its head line, findings about the isolation there too', async () => {
    const text = await diffReport(app(false), app(true));
    expect(text).toContain('why: NetworkPolicy shop/prod-default-deny (app/kustomization.yaml:13) isolates egress');
    expect(text).toMatch(/^ {2}app\/kustomization\.yaml:13: error: shop\/prod-api\[Deployment\] cannot reach cluster DNS/m);
    expect(text).not.toContain('app/np.yaml:1');
  });

  it('namePrefix changed: the policies renamed are cited at the namePrefix line', async () => {
    const renamed = (prefix: string): Files => ({ ...app(false), 'app/kustomization.yaml': app(false)['app/kustomization.yaml'].replace('prod-', prefix) });
    const text = await diffReport(renamed('prod-'), renamed('live-'));
    expect(text).toContain('shop/prod-default-deny removed (base:app/kustomization.yaml:2)');
    expect(text).toContain('shop/live-default-deny added (app/kustomization.yaml:2)');
  });

  it('an edit elsewhere in the kustomization does not move a citation to an untouched patch', async () => {
    const base = app(true);
    const head = { ...base, 'app/kustomization.yaml': base['app/kustomization.yaml'].replace('  - deploy.yaml\n', '  - deploy.yaml\n  - np2.yaml\n'), 'app/np2.yaml': ALLOW_WEB.replace('{app: cart}', '{app: api}') };
    const text = await diffReport(base, head);
    expect(text).not.toMatch(/app\/kustomization\.yaml:1[0-9]\b/);
  });
});

describe('Flux Kustomization', () => {
  const sync = (fields: string) =>
    `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  url: https://example.invalid/shop\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: shop\n  namespace: flux-system\nspec:\n  path: ./apps/shop\n  targetNamespace: shop\n${fields}  sourceRef:\n    kind: GitRepository\n    name: flux-system\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: web\n  namespace: flux-system\nspec:\n  path: ./apps/web\n  targetNamespace: web\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;
  const COMPONENTS = '  components:\n    - ../../components/allow-web\n';
  const tree = (fields: string): Files => ({
    'clusters/prod/sync.yaml': sync(fields),
    'apps/shop/np.yaml': DENY,
    'apps/shop/deploy.yaml': deploy('cart'),
    'apps/web/deploy.yaml': deploy('web'),
    'components/allow-web/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - np.yaml\n',
    'components/allow-web/np.yaml': ALLOW_WEB,
  });

  it("spec.patches removed: the headline, the why-lines and the finding cite the Flux Kustomization's lines", async () => {
    const text = await diffReport(tree(COMPONENTS + EGRESS_PATCH('  ')), tree(COMPONENTS));
    // Base line 26: the patch's `value: Egress` in clusters/prod/sync.yaml.
    expect(text).toContain('why: in base, NetworkPolicy shop/default-deny (base:clusters/prod/sync.yaml:26) isolated egress');
    // The finding on a head line: where the patch was deleted (after line 18, the components entry).
    expect(text).toMatch(/^ {2}clusters\/prod\/sync\.yaml:19: notice: The change opens .* \[CROSS_NAMESPACE_PATH\]/m);
    expect(text).not.toContain('apps/shop/np.yaml:1');
  });

  it('spec.components entry removed: the policy it added is said removed at that entry', async () => {
    const text = await diffReport(tree(COMPONENTS), tree(''));
    expect(text).toContain('NetworkPolicy shop/allow-web was removed (base:clusters/prod/sync.yaml:18)');
    expect(text).not.toContain('removed (base:components/allow-web/np.yaml:1)');
  });
});

describe('Argo CD Application', () => {
  const application = (patches: boolean) =>
    `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: shop\n  namespace: argocd\nspec:\n  source:\n    repoURL: https://github.com/acme/gitops\n    path: apps/shop\n    kustomize:\n      namespace: shop\n${patches ? EGRESS_PATCH('      ') : ''}  destination:\n    server: https://kubernetes.default.svc\n    namespace: shop\n  syncPolicy:\n    automated: {}\n`;
  const tree = (patches: boolean): Files => ({
    'argocd/shop.yaml': application(patches),
    'apps/shop/kustomization.yaml': 'resources:\n  - np.yaml\n  - deploy.yaml\n',
    'apps/shop/np.yaml': DENY,
    'apps/shop/deploy.yaml': deploy('cart'),
  });

  it('kustomize.patches added: cited at the Application', async () => {
    const text = await diffReport(tree(false), tree(true));
    expect(text).toContain('why: NetworkPolicy shop/default-deny (argocd/shop.yaml:19) isolates egress');
    expect(text).toMatch(/^ {2}argocd\/shop\.yaml:19: error: shop\/cart\[Deployment\] cannot reach cluster DNS/m);
    expect(text).not.toContain('apps/shop/np.yaml:1');
  });
});

describe('editedLines', () => {
  it('numbers lines as the loader does, also when a file ends its lines with a lone \\r', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = (lines: string[]) => lines.map((l) => `${l}${eol}`).join('');
      const before = text(['patches:', '  - target:', '      kind: NetworkPolicy', '    patch: |', '      - op: add', '        value: Ingress']);
      const after = before.replace('value: Ingress', 'value: Egress');
      const doc = (t: string) => ({ file: 'k.yaml', startLine: 1, endLine: 6, text: t });
      const edited = editedLines([{ key: 'k.yaml#0', change: 'edited', objects: [], base: doc(before), head: doc(after) }], 'head');
      expect([1, 2, 3, 4, 5, 6].filter((line) => edited({ file: 'k.yaml', line }))).toEqual([1, 2, 4, 5, 6]);
    }
  });
});
