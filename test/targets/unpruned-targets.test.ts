/**
 * A controller that does not prune leaves what the change removes from its source in the cluster (Flux
 * Kustomization `spec.prune: false`; Argo CD `syncPolicy.automated` without `prune: true`): head is analysed with
 * base's copy of each such object, and a NOT_PRUNED note names it at base's document, the controller's setting at
 * its line, and what deleting it by hand would open. An object the change edits is applied as edited; with
 * pruning on (Flux `prune: true`, Argo CD `automated.prune: true`) or a sync by hand (no `automated`), the removal
 * is analysed as ever.
 */
import { appDeployment } from '../helpers/deployment-yaml.js';
import { diffSides } from '../helpers/folder-diff.js';

type Files = Record<string, string>;
interface Json {
  summary: { opened: number; closed: number };
  notices: { code: string; message: string; file?: string; line?: number }[];
}

const deploy = (name: string, ns: string) => appDeployment(name, ns);
const DENY = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: db}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
const ALLOW_WEB = `${DENY.replace('name: deny', 'name: web')}  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: web}}}]}]\n`;
const flux = (name: string, prune: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ./apps/${name}\n${prune}  sourceRef: {kind: GitRepository, name: flux-system}\n`;
const argo = (name: string, syncPolicy: string) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: ${name}, namespace: argocd}\nspec:\n  project: default\n  source: {repoURL: https://github.com/acme/fleet, path: apps/${name}}\n  destination: {server: https://kubernetes.default.svc, namespace: ${name}}\n${syncPolicy}`;
/** db: a workload behind a deny-all policy (file `deny.yaml`), web and one more: every controller's sources. */
const APPS: Files = {
  'apps/db/deploy.yaml': deploy('pg', 'db'),
  'apps/db/deny.yaml': DENY,
  'apps/web/deploy.yaml': deploy('web', 'web'),
};

async function diff(base: Files, head: Files): Promise<{ exitCode: number; json: Json; text: string }> {
  const sides = diffSides({ base, head });
  const out = await sides.run('--format', 'json');
  const text = await sides.run();
  return { exitCode: out.exitCode, json: JSON.parse(out.stdout) as Json, text: text.stdout };
}
const notPruned = (json: Json) => json.notices.filter((n) => n.code === 'NOT_PRUNED');
const without = (files: Files, path: string): Files => Object.fromEntries(Object.entries(files).filter(([p]) => p !== path));

describe('objects removed from the source of a controller that does not prune stay in the cluster', () => {
  it('Flux prune: false keeps a removed policy: no path opens, and the note names it, the setting and what deleting it would open', async () => {
    const base = { ...APPS, 'clusters/prod/db.yaml': flux('db', '  prune: false\n'), 'clusters/prod/web.yaml': flux('web', '  prune: true\n') };
    const r = await diff(base, without(base, 'apps/db/deny.yaml'));
    expect(r.json.summary).toMatchObject({ opened: 0, closed: 0 });
    expect(r.exitCode).toBe(0);
    expect(notPruned(r.json)).toEqual([
      {
        code: 'NOT_PRUNED',
        message: 'NetworkPolicy db/deny (base:apps/db/deny.yaml:1) is removed from the repository but stays in the cluster, and head is analysed with it (once it is deleted by hand, 4 paths open): Flux Kustomization db does not prune, spec.prune: false',
        file: 'clusters/prod/db.yaml',
        line: 7,
      },
    ]);
    expect(r.text).toContain('note: NetworkPolicy db/deny (base:apps/db/deny.yaml:1) is removed from the repository but stays in the cluster');
    // The verdict says it first: the reviewer who removed it expects paths to open.
    expect(r.text.split('\n')[0]).toBe('No change in allowed connectivity; 1 removed object stays in the cluster, not pruned (see the notes).');
  });

  it('a change that also closes paths: the note gives the change in all with the kept policy deleted, not as what deleting it adds (re40 larivierec dc334cb99)', async () => {
    const base = { ...APPS, 'clusters/prod/db.yaml': flux('db', '  prune: false\n'), 'clusters/prod/web.yaml': flux('web', '  prune: true\n') };
    const webEgress = DENY.replace('name: deny, namespace: db', 'name: no-egress, namespace: web').replace('[Ingress]', '[Egress]');
    const r = await diff(base, { ...without(base, 'apps/db/deny.yaml'), 'apps/web/no-egress.yaml': webEgress });
    const { closed } = r.json.summary;
    expect(closed).toBeGreaterThan(0);
    // Deleted by hand, db/deny's removal opens pg to 3 sources (web, whose egress the change closes, not among them); web's closed paths are the change's either way.
    expect(notPruned(r.json).map((n) => n.message)).toEqual([
      `NetworkPolicy db/deny (base:apps/db/deny.yaml:1) is removed from the repository but stays in the cluster, and head is analysed with it (once it is deleted by hand, the change opens 3 paths and closes ${closed} paths in all): Flux Kustomization db does not prune, spec.prune: false`,
    ]);
  });

  // 4: pg's port to web's pod and to pods the manifests do not hold, as the pruning run below reports them.
  it('Flux prune: true (and a Kustomization that names no prune) deletes it: the paths open, no note', async () => {
    for (const prune of ['  prune: true\n', '']) {
      const base = { ...APPS, 'clusters/prod/db.yaml': flux('db', prune), 'clusters/prod/web.yaml': flux('web', '  prune: true\n') };
      const r = await diff(base, without(base, 'apps/db/deny.yaml'));
      expect([prune, r.json.summary.opened, notPruned(r.json)]).toEqual([prune, 4, []]);
    }
  });

  it('head\'s setting decides: a change that turns pruning off and removes the policy keeps it', async () => {
    const base = { ...APPS, 'clusters/prod/db.yaml': flux('db', '  prune: true\n'), 'clusters/prod/web.yaml': flux('web', '  prune: true\n') };
    const head = { ...without(base, 'apps/db/deny.yaml'), 'clusters/prod/db.yaml': flux('db', '  prune: false\n') };
    const r = await diff(base, head);
    expect([r.json.summary.opened, notPruned(r.json).length]).toEqual([0, 1]);
  });

  it('an object the change edits is applied as edited, with pruning off too', async () => {
    const base = { ...APPS, 'apps/db/web.yaml': ALLOW_WEB, 'clusters/prod/db.yaml': flux('db', '  prune: false\n'), 'clusters/prod/web.yaml': flux('web', '  prune: true\n') };
    // The policy that admitted web now admits every namespace: opened for every other pod, no note.
    const head = { ...base, 'apps/db/web.yaml': ALLOW_WEB.replace('{matchLabels: {kubernetes.io/metadata.name: web}}', '{}') };
    const r = await diff(base, head);
    expect(r.json.summary.opened).toBeGreaterThan(0);
    expect(notPruned(r.json)).toEqual([]);
  });

  it('two removed objects of one Kustomization: one note naming both, in base\'s order', async () => {
    const base = { ...APPS, 'apps/db/web.yaml': ALLOW_WEB, 'clusters/prod/db.yaml': flux('db', '  prune: false\n'), 'clusters/prod/web.yaml': flux('web', '  prune: true\n') };
    const r = await diff(base, without(without(base, 'apps/db/deny.yaml'), 'apps/db/web.yaml'));
    expect(r.json.summary).toMatchObject({ opened: 0, closed: 0 });
    expect(notPruned(r.json).map((n) => n.message)).toEqual([
      expect.stringMatching(/^NetworkPolicy db\/deny \(base:apps\/db\/deny\.yaml:1\), NetworkPolicy db\/web \(base:apps\/db\/web\.yaml:1\) are removed from the repository but stay in the cluster, and head is analysed with them \(once they are deleted by hand, 3 paths open\): /),
    ]);
  });

  it('Argo CD automated sync without prune keeps it; with prune: true, or synced by hand (no automated, or automated.enabled: false), the removal is analysed', async () => {
    const cases: [string, number, string | undefined][] = [
      ['  syncPolicy:\n    automated: {selfHeal: true}\n', 0, 'Application db does not prune, syncPolicy.automated without prune: true'],
      ['  syncPolicy:\n    automated:\n      prune: false\n', 0, 'Application db does not prune, syncPolicy.automated.prune: false'],
      ['  syncPolicy:\n    automated: {prune: true}\n', 4, undefined],
      ['', 4, undefined],
      // Argo CD 3.x: automated sync turned off keeps its settings written; a sync by hand (taken as pruning) decides.
      ['  syncPolicy:\n    automated: {enabled: false, selfHeal: true}\n', 4, undefined],
    ];
    for (const [policy, opened, setting] of cases) {
      const base = { ...APPS, 'argocd/db.yaml': argo('db', policy), 'argocd/web.yaml': argo('web', '  syncPolicy:\n    automated: {prune: true}\n') };
      const r = await diff(base, without(base, 'apps/db/deny.yaml'));
      const notes = notPruned(r.json);
      expect([policy, r.json.summary.opened, notes.map((n) => n.message.replace(/^.*\): /, ''))]).toEqual([policy, opened, setting ? [setting] : []]);
      if (setting) expect(notes[0]).toMatchObject({ file: 'argocd/db.yaml', line: policy.includes('prune: false') ? 10 : 9 });
    }
  });

  it('under a controller that prunes, an object annotated to stay stays (Flux prune: disabled, Argo CD sync-options Prune=false): the note names the annotation at its document', async () => {
    const annotated = (annotation: string) => DENY.replace('metadata: {name: deny, namespace: db}', `metadata:\n  name: deny\n  namespace: db\n  annotations: {${annotation}}`);
    const cases: [Files, string, string][] = [
      [{ 'clusters/prod/db.yaml': flux('db', '  prune: true\n'), 'clusters/prod/web.yaml': flux('web', '  prune: true\n') }, 'kustomize.toolkit.fluxcd.io/prune: disabled', 'Flux Kustomization db prunes, but it is annotated kustomize.toolkit.fluxcd.io/prune: disabled'],
      [{ 'argocd/db.yaml': argo('db', '  syncPolicy:\n    automated: {prune: true}\n'), 'argocd/web.yaml': argo('web', '  syncPolicy:\n    automated: {prune: true}\n') }, 'argocd.argoproj.io/sync-options: "Prune=false,ServerSideApply=true"', 'Application db prunes, but it is annotated argocd.argoproj.io/sync-options: Prune=false,ServerSideApply=true'],
    ];
    for (const [controllers, annotation, why] of cases) {
      const base = { ...APPS, ...controllers, 'apps/db/deny.yaml': annotated(annotation) };
      const r = await diff(base, without(base, 'apps/db/deny.yaml'));
      expect([annotation, r.json.summary.opened, notPruned(r.json)]).toEqual([annotation, 0, [{ code: 'NOT_PRUNED', message: `NetworkPolicy db/deny (base:apps/db/deny.yaml:1) is removed from the repository but stays in the cluster, and head is analysed with it (once it is deleted by hand, 4 paths open): ${why}`, file: 'apps/db/deny.yaml', line: 1, side: 'base' }]]);
    }
    // The other controller's annotation does nothing: Flux reads no Argo CD option.
    const base = { ...APPS, 'clusters/prod/db.yaml': flux('db', '  prune: true\n'), 'clusters/prod/web.yaml': flux('web', '  prune: true\n'), 'apps/db/deny.yaml': annotated('argocd.argoproj.io/sync-options: Prune=false') };
    const r = await diff(base, without(base, 'apps/db/deny.yaml'));
    expect([r.json.summary.opened, notPruned(r.json)]).toEqual([4, []]);
  });
  it('a kustomization folder under a parent Kustomization that prunes: the removed policy is named once, by the controller that does not prune', async () => {
    const parent = flux('apps', '  prune: true\n').replace('./apps/apps', './clusters/apps');
    const base: Files = {
      'apps/db/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deploy.yaml, deny.yaml]\n',
      'apps/db/deploy.yaml': APPS['apps/db/deploy.yaml'],
      'apps/db/deny.yaml': DENY,
      'apps/web/deploy.yaml': APPS['apps/web/deploy.yaml'],
      'clusters/prod/apps.yaml': parent,
      'clusters/apps/db.yaml': flux('db', '  prune: false\n'),
      'clusters/apps/web.yaml': flux('web', '  prune: true\n'),
    };
    const head = { ...without(base, 'apps/db/deny.yaml'), 'apps/db/kustomization.yaml': base['apps/db/kustomization.yaml'].replace(', deny.yaml', '') };
    const r = await diff(base, head);
    expect(r.json.summary).toMatchObject({ opened: 0, closed: 0 });
    expect(notPruned(r.json).map((n) => n.message)).toEqual([
      'NetworkPolicy db/deny (base:apps/db/deny.yaml:1) is removed from the repository but stays in the cluster, and head is analysed with it (once it is deleted by hand, 4 paths open): Flux Kustomization db does not prune, spec.prune: false',
    ]);
  });
});

