/**
 * Rollback steps name objects as the Kustomize build renders them (the names the diff's paths use), with
 * the source name beside when it differs, and still edit the source document's lines: a kubebuilder
 * layout whose `config/default` renames everything with `namePrefix` and `namespace`.
 */
import { main } from '../../src/cli/main.js';
import { rollbackReview } from '../../src/report/suggestions.js';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { patchedFiles, tempFolder } from '../helpers/git.js';

const manager = `apiVersion: v1
kind: Namespace
metadata:
  name: system
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: controller-manager
  namespace: system
spec:
  selector: {matchLabels: {control-plane: controller-manager}}
  template:
    metadata: {labels: {control-plane: controller-manager}}
    spec: {containers: [{name: manager, image: x, ports: [{containerPort: 9443}]}]}
`;

const policy = (from: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-webhook-traffic
  namespace: system
spec:
  podSelector:
    matchLabels: {control-plane: controller-manager}
  policyTypes: [Ingress]
  ingress:
  - from:
    - namespaceSelector: ${from}
    ports:
    - {port: 9443, protocol: TCP}
`;

const POLICY = 'config/network-policy/allow-webhook-traffic.yaml';
const files = (from: string): Record<string, string> => ({
  'config/default/kustomization.yaml': 'namespace: project-v4-system\nnamePrefix: project-v4-\nresources:\n- ../manager\n- ../network-policy\n',
  'config/manager/kustomization.yaml': 'resources:\n- manager.yaml\n',
  'config/manager/manager.yaml': manager,
  'config/network-policy/kustomization.yaml': 'resources:\n- allow-webhook-traffic.yaml\n',
  [POLICY]: policy(from),
});
const BASE = files('{matchLabels: {webhook: enabled}}');
const HEAD = files('{}');
const asFiles = (m: Record<string, string>): ManifestFile[] => Object.entries(m).map(([path, text]) => ({ path, text }));

const RENDERED = 'NetworkPolicy/project-v4-system/project-v4-allow-webhook-traffic';
const WRITTEN = `NetworkPolicy/system/allow-webhook-traffic in ${POLICY}`;

interface RollbackJson {
  documents: { key: string; change: string; file: string; line: number; rendered?: string[] }[];
  hunks: { file: string; startLine: number }[];
}

describe('rollback steps name rendered objects', () => {
  let base: string;
  let head: string;
  beforeAll(async () => {
    base = await tempFolder(BASE);
    head = await tempFolder(HEAD);
  });

  it('text and Markdown name the rendered object first, then the source, at the source line', async () => {
    const text = (await main(['diff', base, head])).stdout;
    // The diff's paths use the rendered names …
    expect(text).toContain('project-v4-system/project-v4-controller-manager[Deployment]');
    // … and so does the rollback (was: `revert NetworkPolicy/system/allow-webhook-traffic in …` only).
    // The file once, after the name (new-user trial 41, finding 12).
    expect(text).toContain(`  revert ${RENDERED}, written as NetworkPolicy/system/allow-webhook-traffic (${POLICY}:1)`);
    const md = (await main(['diff', base, head, '--format', 'md'])).stdout;
    expect(md).toContain(`- revert ${RENDERED}, written as NetworkPolicy/system/allow-webhook-traffic (`);
  });

  it('JSON keeps the source key and adds the rendered names; the patch edits the source file', async () => {
    const out = await main(['diff', base, head, '--format', 'json']);
    const rollback = (JSON.parse(out.stdout) as { rollback: RollbackJson }).rollback;
    expect(rollback.documents).toEqual([{ key: WRITTEN, change: 'edited', file: POLICY, line: 1, rendered: [RENDERED] }]);
    expect(rollback.hunks.map((h) => h.file)).toEqual([POLICY]);
  });

  it("the App's suggestions target the source lines and name the rendered object", async () => {
    const report = analyzeDiff(asFiles(BASE), asFiles(HEAD));
    const reverted = await patchedFiles(asFiles(HEAD), report.rollback.patch);
    expect(reverted.find((f) => f.path === POLICY)?.text).toBe(BASE[POLICY]);
    const patch = '@@ -1,14 +1,14 @@\n' + HEAD[POLICY].split('\n').slice(0, 14).map((l) => ` ${l}`).join('\n');
    const review = rollbackReview(report.rollback, [{ filename: POLICY, patch }], 'the patch');
    expect(review.comments.map((c) => c.path)).toEqual([POLICY]);
    // The comment sits on the file: the written name without it.
    expect(review.comments[0].body).toContain(`Reverts \`${RENDERED}\`, written as \`NetworkPolicy/system/allow-webhook-traffic\` to its base version`);
  });

  it('a document rendered under its own names is named as before', async () => {
    const plain = (m: Record<string, string>) => ({ ...m, 'config/default/kustomization.yaml': 'resources:\n- ../manager\n- ../network-policy\n' });
    const out = await main(['diff', await tempFolder(plain(BASE)), await tempFolder(plain(HEAD)), '--format', 'json']);
    const rollback = (JSON.parse(out.stdout) as { rollback: RollbackJson }).rollback;
    expect(rollback.documents.map((d) => [d.key, d.rendered])).toEqual([[WRITTEN, undefined]]);
  });

  it('a patch document is named by the objects it patched, as rendered', async () => {
    const patch = (from: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-webhook-traffic
  namespace: system
spec:
  ingress:
  - from:
    - namespaceSelector: ${from}
    ports:
    - {port: 9443, protocol: TCP}
`;
    const PATCH = 'config/default/webhook_patch.yaml';
    const withPatch = (from: string) => ({
      ...BASE,
      'config/default/kustomization.yaml': `${BASE['config/default/kustomization.yaml']}patches:\n- path: webhook_patch.yaml\n`,
      [PATCH]: patch(from),
    });
    const out = await main(['diff', await tempFolder(withPatch('{matchLabels: {webhook: enabled}}')), await tempFolder(withPatch('{}')), '--format', 'json']);
    const rollback = (JSON.parse(out.stdout) as { rollback: RollbackJson }).rollback;
    // `patchOf` too (new-user 37): the text names it as a patch of them, reverting it deletes no object.
    expect(rollback.documents).toEqual([{ key: `NetworkPolicy/system/allow-webhook-traffic in ${PATCH}`, change: 'edited', file: PATCH, line: 1, rendered: [RENDERED], patchOf: [RENDERED] }]);
  });
});

/**
 * A `$patch: delete` document removes the object it names from the build, so no rendered object carries its
 * lines: it was named as the object itself, and its step read `delete NetworkPolicy/shop/default-deny` while
 * deleting it restores that policy (new-user trial 48, finding 5).
 */
describe('rollback steps name a deletion patch as a patch', () => {
  const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
  const APP = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: x, ports: [{containerPort: 8080}]}]}\n';
  const DELETE = 'overlays/prod/delete-deny.yaml';
  const BASE_FILES = {
    'base/kustomization.yaml': 'namespace: shop\nresources:\n- app.yaml\n- deny.yaml\n',
    'base/app.yaml': APP,
    'base/deny.yaml': DENY,
    'overlays/prod/kustomization.yaml': 'resources:\n- ../../base\n',
  };
  const withDelete = (how: string) => ({
    ...BASE_FILES,
    'overlays/prod/kustomization.yaml': `resources:\n- ../../base\n${how}`,
    [DELETE]: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: shop\n$patch: delete\n',
  });

  it.each([
    ['patches', 'patches:\n- path: delete-deny.yaml\n'],
    ['patchesStrategicMerge', 'patchesStrategicMerge:\n- delete-deny.yaml\n'],
  ])('added through %s: JSON says what it patches, the text deletes the patch, not the policy', async (_field, how) => {
    const base = await tempFolder(BASE_FILES);
    const head = await tempFolder(withDelete(how));
    const json = (JSON.parse((await main(['diff', base, head, '--format', 'json'])).stdout) as { rollback: RollbackJson & { documents: { patchOf?: string[] }[] } }).rollback;
    expect(json.documents.find((d) => d.file === DELETE)).toMatchObject({ change: 'added', patchOf: ['NetworkPolicy/shop/default-deny'] });
    const text = (await main(['diff', base, head])).stdout;
    expect(text).toContain(`  delete the patch of NetworkPolicy/shop/default-deny (${DELETE}:1)`);
    expect(text).not.toContain('delete NetworkPolicy/shop/default-deny');
    const md = (await main(['diff', base, head, '--format', 'md'])).stdout;
    expect(md).toContain(`- delete the patch of NetworkPolicy/shop/default-deny (\`${DELETE}:1\`)`);
  });
});
