/**
 * A rollback of a change that moved files (a folder renamed, targets merged into one) and also edited one
 * policy is that one policy, reverted where it now lives (analysis/moved-documents.ts): not the whole move
 * undone (a merge of two tenants read as 11 deletes and restores, `greedy`), nor extra copies of the old
 * folder restored beside the new one, nor the policy's namespace dropped where the new kustomization no
 * longer sets it. Fixtures: test/fixtures/moved-rollback/ (a rename), test/fixtures/merged-targets/ (a
 * merge, every file's comment edited on the way), test/fixtures/moved-namespace/ (the namespace now written).
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { movedDocuments } from '../../src/analysis/moved-documents.js';
import { documentChanges } from '../../src/analysis/document-changes.js';
import { loadManifests } from '../../src/manifests/load.js';
import { withWrittenIdentity } from '../../src/manifests/written-identity.js';
import { patchedFiles, readTree, tempFolder } from '../helpers/git.js';

const FIX = join(process.cwd(), 'test', 'fixtures');

interface Rollback {
  documents: { key: string; change: string; file: string; line: number; rendered?: string[] }[];
  minimality: string;
  remainingOpened: number;
  patch: string;
  hunks: { file: string; startLine: number; endLine: number; replacement: string }[];
}
interface Json {
  summary: { opened: number };
  rollback: Rollback;
}

async function diff(base: string, head: string): Promise<Json> {
  return JSON.parse((await main(['diff', base, head, '--format', 'json', '--fail-on', 'never'])).stdout) as Json;
}

/** The rollback's patch applied to head with `git apply`, and base diffed against the result again. */
async function afterRollback(base: string, head: string, patch: string): Promise<{ files: { path: string; text: string }[]; json: Json }> {
  const files = await patchedFiles(await readTree(head), patch);
  return { files, json: await diff(base, await tempFolder(files)) };
}

describe('a folder moved with one policy widened', () => {
  const base = join(FIX, 'moved-rollback', 'base');
  const head = join(FIX, 'moved-rollback', 'head');

  it('is rolled back by that policy alone, reverted at its new path, and the patch applies on head', async () => {
    const json = await diff(base, head);
    expect(json.summary.opened).toBeGreaterThan(0);
    const r = json.rollback;
    expect(r.documents.map((d) => [d.change, d.key, `${d.file}:${d.line}`])).toEqual([['edited', 'NetworkPolicy/api-ingress in apps/team-a/policy.yaml', 'apps/team-a/policy.yaml:1']]);
    expect(r.minimality).toBe('proven');
    // The suggestion replaces head's line of the rule.
    expect(r.hunks).toEqual([{ file: 'apps/team-a/policy.yaml', startLine: 9, endLine: 9, replacement: '    - podSelector: {matchLabels: {app: web}}', documentKey: 'NetworkPolicy/api-ingress in apps/team-a/policy.yaml' }]);
    const after = await afterRollback(base, head, r.patch);
    // Only the moved policy changed, back to base's text; nothing comes back at the old path.
    expect(after.files.map((f) => f.path).filter((p) => !p.startsWith('apps/'))).toEqual([]);
    const baseFiles = await readTree(base);
    for (const f of after.files) expect(f.text).toBe(baseFiles.find((b) => `apps/${b.path}` === f.path)!.text);
    expect(after.json.summary.opened).toBe(0);
  });
});

describe('two targets merged into one, every file edited, one policy widened', () => {
  const base = join(FIX, 'merged-targets', 'apart');
  const head = join(FIX, 'merged-targets', 'merged-opens');

  it('is rolled back by that policy alone (proven), and the patch applies on head and closes the path', async () => {
    const json = await diff(base, head);
    const r = json.rollback;
    expect(r.documents.map((d) => [d.change, d.key, `${d.file}:${d.line}`])).toEqual([['edited', 'NetworkPolicy/same-namespace in tenants/beta/policy.yaml', 'tenants/beta/policy.yaml:2']]);
    expect(r.documents[0].rendered).toEqual(['NetworkPolicy/beta/same-namespace']);
    expect(r.minimality).toBe('proven');
    expect(r.hunks.every((h) => h.file === 'tenants/beta/policy.yaml')).toBe(true);
    const after = await afterRollback(base, head, r.patch);
    expect(after.json.summary.opened).toBe(0);
  });
});

describe('a folder moved whose new kustomization no longer sets the namespace, one policy widened', () => {
  const base = join(FIX, 'moved-namespace', 'base');
  const head = join(FIX, 'moved-namespace', 'head');

  it('reverts the policy in place, keeping the namespace head writes, and the patch closes the path', async () => {
    const json = await diff(base, head);
    expect(json.summary.opened).toBeGreaterThan(0);
    const r = json.rollback;
    // Was: greedy, 8 paths left, the kustomizations moved back, and the patch dropping `namespace: team`.
    expect(r.documents.map((d) => [d.change, d.key])).toEqual([['edited', 'NetworkPolicy/team/api in new/policy.yaml']]);
    expect(r.minimality).toBe('proven');
    expect(r.remainingOpened).toBe(0);
    expect(r.patch).not.toContain('-  namespace: team');
    expect(r.hunks).toEqual([{ file: 'new/policy.yaml', startLine: 9, endLine: 9, replacement: '  - ports: [{port: 80}]', documentKey: 'NetworkPolicy/team/api in new/policy.yaml' }]);
    const after = await afterRollback(base, head, r.patch);
    expect(after.files.find((f) => f.path === 'new/policy.yaml')!.text).toContain('  namespace: team\n');
    expect(after.json.summary.opened).toBe(0);
  });
});

describe('withWrittenIdentity', () => {
  const doc = (meta: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n${meta}data:\n  a: "1"\n`;

  it('writes the namespace and name another copy writes, keeps every other line, and drops a namespace it lacks', () => {
    expect(withWrittenIdentity(doc('  name: api\n'), doc('  name: api\n  namespace: team\n'))).toBe(doc('  name: api\n  namespace: team\n'));
    // A namePrefix the old kustomization set, now written.
    expect(withWrittenIdentity(doc('  name: api # the api\n  labels: {a: b}\n'), doc('  name: x-api\n'))).toBe(doc('  name: x-api # the api\n  labels: {a: b}\n'));
    expect(withWrittenIdentity(doc('  namespace: old\n  name: api\n'), doc('  name: api\n'))).toBe(doc('  name: api\n'));
    expect(withWrittenIdentity(doc('  name: api\n  namespace: "0123"\n'), doc('  name: api\n  namespace: "true"\n'))).toBe(doc('  name: api\n  namespace: "true"\n'));
    // Flow-style metadata is left as written.
    expect(withWrittenIdentity('kind: ConfigMap\nmetadata: {name: api}\n', doc('  name: api\n  namespace: team\n'))).toBe('kind: ConfigMap\nmetadata: {name: api}\n');
  });
});

describe('movedDocuments (the rule)', () => {
  const files = (f: Record<string, string>) => Object.entries(f).map(([path, text]) => ({ path, text }));
  const policy = (name: string, port: number, namespace = '') =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}spec:\n  podSelector: {}\n  ingress:\n  - ports: [{port: ${port}}]\n`;

  it('drops a move of the same text or the same rendered objects, and makes an edited move one edit at the head path', () => {
    const kustomization = 'namespace: a\nresources:\n- same.yaml\n- written.yaml\n- edited.yaml\n';
    const base = loadManifests(files({ 'a/kustomization.yaml': kustomization, 'a/same.yaml': policy('same', 1), 'a/written.yaml': policy('written', 2), 'a/edited.yaml': policy('edited', 3) }));
    // Moved to t/: the kustomization and same.yaml as they were, written.yaml now naming the namespace the kustomization sets.
    const head = loadManifests(files({ 't/kustomization.yaml': kustomization, 't/same.yaml': policy('same', 1), 't/written.yaml': policy('written', 2, 'a'), 't/edited.yaml': policy('edited', 4) }));
    const changes = documentChanges(base.documents, head.documents);
    expect(changes).toHaveLength(8);
    const moved = movedDocuments(changes, base, head);
    expect(moved.map((c) => [c.change, c.key, c.base?.file, c.head?.file])).toEqual([['edited', 'NetworkPolicy/edited in t/edited.yaml', 'a/edited.yaml', 't/edited.yaml']]);
    expect(moved[0].base!.text).toBe(policy('edited', 3));
  });

  it('pairs a moved base that a new overlay also builds: it renders more copies of the same objects', () => {
    const base = loadManifests(files({ 'o1/kustomization.yaml': 'namespace: o1\nresources:\n- ../base\n', 'base/kustomization.yaml': 'resources:\n- p.yaml\n', 'base/p.yaml': policy('p', 1) }));
    const head = loadManifests(files({
      'o1/kustomization.yaml': 'namespace: o1\nresources:\n- ../lib/base\n',
      'o2/kustomization.yaml': 'namespace: o2\nresources:\n- ../lib/base\n',
      'lib/base/kustomization.yaml': 'resources:\n- p.yaml\n',
      'lib/base/p.yaml': policy('p', 2),
    }));
    const moved = movedDocuments(documentChanges(base.documents, head.documents), base, head);
    expect(moved.filter((c) => c.objects.some((o) => o.startsWith('NetworkPolicy/'))).map((c) => [c.change, c.base?.file, c.head?.file])).toEqual([['edited', 'base/p.yaml', 'lib/base/p.yaml']]);
    // Moved unchanged, it is no change at all.
    const same = loadManifests(files({ 'o1/kustomization.yaml': 'namespace: o1\nresources:\n- ../lib/base\n', 'o2/kustomization.yaml': 'namespace: o2\nresources:\n- ../lib/base\n', 'lib/base/kustomization.yaml': 'resources:\n- p.yaml\n', 'lib/base/p.yaml': policy('p', 1) }));
    expect(movedDocuments(documentChanges(base.documents, same.documents), base, same).filter((c) => c.objects.some((o) => o.startsWith('NetworkPolicy/')))).toEqual([]);
  });

  it('leaves removals and additions alone when several documents are the same one', () => {
    const kustomization = 'resources:\n- p.yaml\n';
    const base = loadManifests(files({ 'a/kustomization.yaml': kustomization, 'a/p.yaml': policy('p', 1, 'x'), 'b/kustomization.yaml': kustomization, 'b/p.yaml': policy('q', 1, 'x') }));
    const head = loadManifests(files({ 't/kustomization.yaml': kustomization, 't/p.yaml': policy('p', 1, 'x') }));
    const moved = movedDocuments(documentChanges(base.documents, head.documents), base, head);
    expect(moved.map((c) => [c.change, c.key])).toEqual([
      ['added', 'Kustomization t/kustomization.yaml'],
      ['removed', 'Kustomization a/kustomization.yaml'],
      ['removed', 'Kustomization b/kustomization.yaml'],
      ['removed', 'NetworkPolicy/x/q in b/p.yaml'],
    ]);
  });
});
