/**
 * A namespace renamed (its Namespace object and every object in it moved to the new name) is reverted whole:
 * the old namespace restored with what it held, the new one dropped, each object written back in place.
 * Deleting only the new Namespace closed the opened paths, but left the old namespace gone and, with a
 * controller that prunes, deleted the new one's objects (new-user trial 48, finding 4).
 */
import { main } from '../../src/cli/main.js';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { rollbackReview } from '../../src/report/suggestions.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { patchedFiles, tempFolder } from '../helpers/git.js';

const namespaces = (b: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: team-a
  labels:
    team: a
---
apiVersion: v1
kind: Namespace
metadata:
  name: ${b}
  labels:
    team: b
`;

const teamA = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: team-a
spec:
  podSelector: {}
  policyTypes: [Ingress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-api
  namespace: team-a
spec:
  podSelector:
    matchLabels: {app: api}
  ingress:
  - from:
    - namespaceSelector:
        matchLabels: {team: b}
    ports:
    - {port: 8080, protocol: TCP}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: team-a
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: x, ports: [{containerPort: 8080}]}]}
`;

const teamB = (b: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: ${b}
spec:
  podSelector: {}
  policyTypes: [Ingress]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
  namespace: ${b}
spec:
  selector: {matchLabels: {app: worker}}
  template:
    metadata: {labels: {app: worker}}
    spec: {containers: [{name: worker, image: x}]}
`;

const tree = (b: string, extra: Record<string, string> = {}): Record<string, string> => ({ 'namespaces/ns.yaml': namespaces(b), 'team-a/policies.yaml': teamA, 'team-b/app.yaml': teamB(b), ...extra });

interface RollbackJson {
  documents: { key: string; change: string; file: string; line: number }[];
  notes: string[];
  patch: string;
}

const rollbackOf = async (base: Record<string, string>, head: Record<string, string>): Promise<RollbackJson> => {
  const out = await main(['diff', await tempFolder(base), await tempFolder(head), '--format', 'json']);
  return (JSON.parse(out.stdout) as { rollback: RollbackJson }).rollback;
};

describe('a renamed namespace is reverted whole', () => {
  const BASE = tree('team-b');
  const HEAD = tree('team-beta');

  it('reverts the Namespace and every object re-keyed with it, not the new Namespace alone', async () => {
    const rollback = await rollbackOf(BASE, HEAD);
    expect(rollback.documents.map((d) => `${d.change} ${d.key}`).sort()).toEqual([
      'added Deployment/team-beta/worker',
      'added Namespace/team-beta/team-beta',
      'added NetworkPolicy/team-beta/default-deny',
      'removed Deployment/team-b/worker',
      'removed Namespace/team-b/team-b',
      'removed NetworkPolicy/team-b/default-deny',
    ]);
    expect(rollback.notes).toContain('The change renames namespace team-b to team-beta: the rollback renames it back (6 documents), restoring team-b with what it held and dropping team-beta, not one half of the rename.');
  });

  it('the patch writes the old name back in place: the reverted tree is base', async () => {
    const rollback = await rollbackOf(BASE, HEAD);
    const reverted = await patchedFiles(HEAD, rollback.patch);
    expect(Object.fromEntries(reverted.map((f) => [f.path, f.text]))).toEqual(BASE);
    // Each half pair is one edit where it stands: no document appended at a file's end.
    expect(rollback.patch).toContain('-  name: team-beta\n+  name: team-b\n');
  });

  it('the text rollback is one step renaming it back, citing each object where head writes it, and says why', async () => {
    const text = (await main(['diff', await tempFolder(BASE), await tempFolder(HEAD)])).stdout;
    expect(text).toContain(
      'revert 6 documents to close every opened path:\n  rename namespace team-beta back to team-b: Namespace/team-beta (namespaces/ns.yaml:8), NetworkPolicy/team-beta/default-deny (team-b/app.yaml:1), Deployment/team-beta/worker (team-b/app.yaml:10)\n  note: The change renames namespace team-b to team-beta',
    );
    // Was: each half a step of its own, as if either could be reverted alone.
    expect(text).not.toMatch(/^  (delete|restore) \S*team-bet?a?\b/m);
  });

  it('Markdown says the same one step; JSON pairs the halves in rollback.renames', async () => {
    const asFiles = (m: Record<string, string>) => Object.entries(m).map(([path, text]) => ({ path, text }));
    const markdown = renderDiffMarkdown(analyzeDiff(asFiles(BASE), asFiles(HEAD)));
    expect(markdown).toContain('\n- rename namespace team-beta back to team-b: Namespace/team-beta (`namespaces/ns.yaml:8`), NetworkPolicy/team-beta/default-deny (`team-b/app.yaml:1`), Deployment/team-beta/worker (`team-b/app.yaml:10`)\n');
    expect(markdown).not.toMatch(/^- (delete|restore) /m);
    const json = JSON.parse((await main(['diff', await tempFolder(BASE), await tempFolder(HEAD), '--format', 'json'])).stdout) as { rollback: { renames?: unknown } };
    expect(json.rollback.renames).toEqual([
      {
        from: 'team-b',
        to: 'team-beta',
        pairs: expect.arrayContaining([
          { removed: 'Namespace/team-b/team-b', added: 'Namespace/team-beta/team-beta' },
          { removed: 'NetworkPolicy/team-b/default-deny', added: 'NetworkPolicy/team-beta/default-deny' },
          { removed: 'Deployment/team-b/worker', added: 'Deployment/team-beta/worker' },
        ]),
      },
    ]);
  });

  it('a pair in two files cites both lines; a document of the old namespace with no counterpart stays a step of its own', async () => {
    // The worker moves to a file of the new name's folder; a ConfigMap of team-b goes with no counterpart.
    const config = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: team-b\ndata: {a: b}\n';
    const [policy, worker] = teamB('team-beta').split('---\n');
    const base = tree('team-b', { 'team-b/config.yaml': config });
    const head = { ...tree('team-beta', { 'team-b/app.yaml': policy }), 'team-beta/worker.yaml': worker };
    const text = (await main(['diff', await tempFolder(base), await tempFolder(head)])).stdout;
    expect(text).toContain('Deployment/team-beta/worker (moved from base:team-b/app.yaml:10 to team-beta/worker.yaml:1)');
    expect(text).toMatch(/^  rename namespace team-beta back to team-b: Namespace\/team-beta \(namespaces\/ns.yaml:8\), /m);
  });

  it("the App's suggestions write each old name back in place: no document left to the patch", () => {
    const asFiles = (m: Record<string, string>) => Object.entries(m).map(([path, text]) => ({ path, text }));
    const report = analyzeDiff(asFiles(BASE), asFiles(HEAD));
    // The pull request's diff shows every line of the two files it edits.
    const whole = (text: string) => `@@ -1,${text.split('\n').length} +1,${text.split('\n').length} @@\n${text.split('\n').map((l) => ` ${l}`).join('\n')}`;
    const review = rollbackReview(report.rollback, ['namespaces/ns.yaml', 'team-b/app.yaml'].map((f) => ({ filename: f, patch: whole(HEAD[f]) })), 'the patch');
    expect(review.comments.map((c) => [c.path, c.body.split(':\n')[0]])).toEqual([
      ['namespaces/ns.yaml', 'Restores `Namespace/team-b` in place of `Namespace/team-beta`, added in this PR'],
      ['team-b/app.yaml', 'Restores `NetworkPolicy/team-b/default-deny` in place of `NetworkPolicy/team-beta/default-deny`, added in this PR'],
      ['team-b/app.yaml', 'Restores `Deployment/team-b/worker` in place of `Deployment/team-beta/worker`, added in this PR'],
    ]);
    expect(review.comments[0].body).toContain('```suggestion\n  name: team-b\n```');
    expect(review.body).not.toContain('Not expressible as suggestions');
    expect(review.body).toContain('reverts 6 of the 6 documents in the minimal rollback');
  });

  it('objects re-keyed with no Namespace object in the repository are reverted as a rename too', async () => {
    // team-a admits the new namespace by its name: the rename opens a path.
    const admits = teamA.replace('matchLabels: {team: b}', 'matchLabels: {kubernetes.io/metadata.name: team-beta}');
    const without = (b: string) => ({ 'team-a/policies.yaml': admits, 'team-b/app.yaml': teamB(b) });
    const rollback = await rollbackOf(without('team-b'), without('team-beta'));
    expect(rollback.documents.map((d) => `${d.change} ${d.key}`).sort()).toEqual([
      'added Deployment/team-beta/worker',
      'added NetworkPolicy/team-beta/default-deny',
      'removed Deployment/team-b/worker',
      'removed NetworkPolicy/team-b/default-deny',
    ]);
    expect(rollback.notes.some((n) => n.startsWith('The change renames namespace team-b to team-beta'))).toBe(true);
  });

  it('a policy moved to another namespace that stays is no rename: the rollback stays minimal', async () => {
    // team-b keeps its Deployment, so its policy moving to team-c is one object moved, reverted alone.
    const moved = (ns: string) => tree('team-b', { 'team-b/app.yaml': teamB('team-b').replace('  namespace: team-b\nspec:\n  podSelector: {}', `  namespace: ${ns}\nspec:\n  podSelector: {}`) });
    const rollback = await rollbackOf(moved('team-b'), moved('team-c'));
    expect(rollback.notes.some((n) => n.includes('renames namespace'))).toBe(false);
    expect(rollback.documents.map((d) => `${d.change} ${d.key}`)).toEqual(['removed NetworkPolicy/team-b/default-deny']);
  });
});

describe('Namespace objects of a Kustomize build', () => {
  // A build's source documents name a Namespace object `Namespace/name in file` (no namespace field).
  const kustomization = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- namespaces.yaml\n- policies.yaml\n';
  const namespace = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
  const isolate = (ns: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default\n  namespace: ${ns}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
  const build = (namespaces: string[], policy: string) => ({ 'kustomization.yaml': kustomization, 'namespaces.yaml': namespaces.map(namespace).join('---\n'), 'policies.yaml': isolate(policy) });

  it('a policy moved between two namespaces whose Namespace objects both stay is no rename: one document restored', async () => {
    // angelnu/k8s-gitops 720fd815a: dash's policy commented out, one of the same name added in mail; read as
    // "renames namespace dash to mail", 2 documents, "dropping mail".
    const rollback = await rollbackOf(build(['dash', 'mail'], 'dash'), build(['dash', 'mail'], 'mail'));
    expect(rollback.notes.some((n) => n.includes('renames namespace'))).toBe(false);
    expect(rollback.documents.map((d) => `${d.change} ${d.key}`)).toEqual(['removed NetworkPolicy/dash/default in policies.yaml']);
  });
});
