/**
 * Argo CD applies an Application's `spec.source.kustomize.patches` and `components` to the kustomization of its
 * path before the build (Argo CD user guide, "Kustomize"). reachdiff applied only `namePrefix`, `nameSuffix`,
 * `namespace` and `commonLabels`: a pull request that widened a NetworkPolicy through an Application's inline
 * patch read "No change" (a silent pass), and a component the Application adds was never read. Fixtures:
 * written here, by hand.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { tempFolderSync } from '../helpers/git.js';

const shop = {
  'apps/shop/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - web.yaml\n  - db.yaml\n  - db-policy.yaml\n',
  'apps/shop/web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx\n',
  'apps/shop/db.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: db\nspec:\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers:\n        - name: db\n          image: postgres\n          ports:\n            - containerPort: 5432\n            - containerPort: 5433\n',
  'apps/shop/db-policy.yaml':
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: db\nspec:\n  podSelector:\n    matchLabels: {app: db}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels: {app: web}\n      ports:\n        - port: 5432\n',
  // A component that isolates web's egress (admitting nothing): what the Application adds when it names it.
  'components/lockdown/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - deny-egress.yaml\n',
  'components/lockdown/deny-egress.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web-deny-egress\nspec:\n  podSelector:\n    matchLabels: {app: web}\n  policyTypes: [Egress]\n',
};

/** The Application of `apps/shop`: a JSON 6902 patch setting the db policy's port, and optionally a component. */
function application(port: number, component = false): string {
  const components = component ? '      components:\n        - ../../components/lockdown\n' : '';
  return `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: shop\n  namespace: argocd\nspec:\n  project: default\n  source:\n    repoURL: https://example.invalid/shop-ops.git\n    path: apps/shop\n    targetRevision: main\n    kustomize:\n      patches:\n        - target:\n            kind: NetworkPolicy\n            name: db\n          patch: |\n            - op: replace\n              path: /spec/ingress/0/ports/0/port\n              value: ${port}\n${components}  destination:\n    name: prod\n    namespace: shop\n`;
}

/** A side's folder of `files` (a fresh temporary folder; `name` for reading it in a failure). */
const tree = (name: string, files: Record<string, string>): string => tempFolderSync(files, `reachdiff-${name}-`);

interface Json {
  summary: { opened: number; closed: number };
  pairs: { src: { id: string }; dst: { id: string }; opened: unknown; closed: unknown }[];
  rollback: { documents: { key: string }[]; patch: string };
}

async function diff(base: string, head: string): Promise<{ json: Json; text: string }> {
  const out = await main(['diff', base, head, '--format', 'json', '--fail-on', 'never']);
  expect(out.stderr).toBe('');
  return { json: JSON.parse(out.stdout) as Json, text: (await main(['diff', base, head, '--fail-on', 'never'])).stdout };
}

const paths = (json: Json, what: 'opened' | 'closed') => json.pairs.filter((p) => p[what]).map((p) => `${p.src.id} => ${p.dst.id}`);

describe("an Argo CD Application's kustomize patches and components", () => {
  it('an inline patch that moves the port: opened on TCP 5433, why at the patch in the Application, rollback reverts the Application', async () => {
    const base = tree('base', { ...shop, 'argocd/shop.yaml': application(5434) });
    const head = tree('head', { ...shop, 'argocd/shop.yaml': application(5433) });
    const { json, text } = await diff(base, head);
    expect(paths(json, 'opened')).toContain('shop/web[Deployment] => shop/db[Deployment]');
    expect(text).toMatch(/shop\/web\[Deployment\] => shop\/db\[Deployment\] : TCP 5433/);
    // The port the patch writes points at the patch's text in the Application.
    expect(text).toContain('(argocd/shop.yaml:');
    expect(json.rollback.documents.map((d) => d.key)).toEqual(['Application/argocd/shop']);
    execFileSync('git', ['init', '-q'], { cwd: head });
    execFileSync('git', ['apply', '-'], { cwd: head, input: json.rollback.patch });
    expect(readFileSync(join(head, 'argocd/shop.yaml'), 'utf8')).toBe(application(5434));
  });

  it('an Application that gains its first override (no `kustomize:` on base): the rollback reverts the Application', async () => {
    const plain = application(5432).replace(/    kustomize:\n[\s\S]*?(?=  destination:)/, '');
    expect(plain).not.toContain('kustomize');
    const head = tree('head', { ...shop, 'argocd/shop.yaml': application(5433) });
    const { json, text } = await diff(tree('base', { ...shop, 'argocd/shop.yaml': plain }), head);
    expect(paths(json, 'opened')).toContain('shop/web[Deployment] => shop/db[Deployment]');
    expect(text).not.toContain('no patch is offered');
    expect(json.rollback.documents.map((d) => d.key)).toEqual(['Application/argocd/shop']);
    execFileSync('git', ['init', '-q'], { cwd: head });
    execFileSync('git', ['apply', '-'], { cwd: head, input: json.rollback.patch });
    expect(readFileSync(join(head, 'argocd/shop.yaml'), 'utf8')).toBe(plain);
  });

  it('a component the Application adds is read: its policy closes web’s egress', async () => {
    const { json } = await diff(tree('base', { ...shop, 'argocd/shop.yaml': application(5432) }), tree('head', { ...shop, 'argocd/shop.yaml': application(5432, true) }));
    expect(paths(json, 'closed')).toContain('shop/web[Deployment] => shop/db[Deployment]');
    expect(json.summary.opened).toBe(0);
  });

  it('a patch by path names a file beside the kustomization: it is read with the target, and its change told at its line', async () => {
    const byPath = application(5432).replace('          patch: |\n            - op: replace\n              path: /spec/ingress/0/ports/0/port\n              value: 5432\n', '          path: port.yaml\n');
    const port = (n: number) => `- op: replace\n  path: /spec/ingress/0/ports/0/port\n  value: ${n}\n`;
    const { json, text } = await diff(tree('base', { ...shop, 'argocd/shop.yaml': byPath, 'apps/shop/port.yaml': port(5434) }), tree('head', { ...shop, 'argocd/shop.yaml': byPath, 'apps/shop/port.yaml': port(5433) }));
    expect(paths(json, 'opened')).toContain('shop/web[Deployment] => shop/db[Deployment]');
    expect(text).toContain('allowed by NetworkPolicy shop/db ingress rule 1 (apps/shop/port.yaml:3)');
  });
});
