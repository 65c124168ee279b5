/**
 * A Flux Kustomization head keeps whose spec.path head deletes (path-gone.ts): Flux fails it before building
 * ("kustomization path not found") and neither applies nor prunes, so what it applied stays; its dependents wait
 * on it. Read before as removing the app (every path of its workloads closed, "Removes ..."). Modelled on an app
 * folder deleted while its ks.yaml and the parent's entry stay (real repositories 35, re35's leftover).
 */
import { diffSides } from '../helpers/folder-diff.js';

type Files = Record<string, string>;
interface Json {
  summary: { opened: number; closed: number };
  notices: { code: string; message: string; file?: string; line?: number }[];
  notAnalysed?: { message: string; file?: string; line?: number; changedFiles: string[]; wholeTarget?: { controller: string } }[];
}

const deploy = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const only = (name: string, from: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: ${name}}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{podSelector: {matchLabels: {app: ${from}}}}]\n`;
const openAll = (name: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: ${name}}}\n  policyTypes: [Ingress]\n  ingress: [{}]\n`;
const flux = (name: string, path: string, dependsOn?: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ${path}\n  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n${dependsOn ? `  dependsOn:\n    - name: ${dependsOn}\n` : ''}`;
const source = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  interval: 1m\n  url: https://git.example/acme/fleet\n  ref: {branch: main}\n';

const cluster = { 'clusters/prod/source.yaml': source, 'clusters/prod/apps.yaml': flux('apps', './clusters/prod/apps') };
const baseFiles: Files = {
  ...cluster,
  'clusters/prod/apps/web.yaml': flux('web', './apps/web'),
  'clusters/prod/apps/db.yaml': flux('db', './apps/db', 'web'),
  'apps/web/deploy.yaml': deploy('web'),
  'apps/db/deploy.yaml': deploy('db'),
  'apps/db/pol.yaml': only('db', 'web'),
};
const base = baseFiles;
const withoutWeb = (files: Files): Files => Object.fromEntries(Object.entries(files).filter(([p]) => !p.startsWith('apps/web/')));

async function diff(b: Files, h: Files): Promise<{ exitCode: number; json: Json }> {
  const sides = diffSides({ base: b, head: h });
  const out = await sides.run('--format', 'json');
  return { exitCode: out.exitCode, json: JSON.parse(out.stdout) as Json };
}

describe('a Flux Kustomization whose path head deletes keeps what it applied', () => {
  it('the app\'s folder deleted, its Kustomization kept: no path closed, a changed build failing on head', async () => {
    const { exitCode, json } = await diff(base, withoutWeb(base));
    expect(json.summary).toMatchObject({ opened: 0, closed: 0 });
    expect(exitCode).toBe(1);
    expect(json.notAnalysed?.map((n) => [n.file, n.line, n.message, n.changedFiles, n.wholeTarget?.controller])).toEqual([
      ['clusters/prod/apps/web.yaml', 1, 'Flux Kustomization web: spec.path ./apps/web holds no file on head: Flux fails this Kustomization ("kustomization path not found") and neither applies nor prunes, so the cluster keeps what it applied; analysed with base\'s files', ['apps/web/deploy.yaml'], 'Flux Kustomization web'],
    ]);
    // The failing build says it: no MISSING_ROOT note beside it.
    expect(json.notices.filter((n) => n.code === 'MISSING_ROOT')).toEqual([]);
  });

  it('its dependents wait on it: a dependent\'s change is not applied', async () => {
    const { json } = await diff(base, { ...withoutWeb(base), 'apps/db/pol.yaml': openAll('db') });
    expect(json.summary).toMatchObject({ opened: 0, closed: 0 });
    expect(json.notices.filter((n) => n.code === 'HELD_BACK').map((n) => n.message)).toEqual([
      expect.stringMatching(/^Flux Kustomization db \(clusters\/prod\/apps\/db\.yaml:1\) depends on Flux Kustomization web \(clusters\/prod\/apps\/web\.yaml:1\), whose build fails on head .*its changes \(apps\/db\/pol\.yaml\) are not applied/),
    ]);
  });

  it('control: the folder and the Kustomization deleted together remove the app', async () => {
    const head = withoutWeb(base);
    delete head['clusters/prod/apps/web.yaml'];
    head['clusters/prod/apps/db.yaml'] = flux('db', './apps/db');
    const { json } = await diff(base, head);
    expect(json.summary.closed).toBeGreaterThan(0);
    expect(json.notAnalysed ?? []).toEqual([]);
  });

  it('control: the folder deleted and the parent\'s entry removed (the object file kept, applied by nothing) remove the app', async () => {
    const listed = { ...base, 'clusters/prod/apps/kustomization.yaml': 'resources:\n  - web.yaml\n  - db.yaml\n', 'clusters/prod/apps/db.yaml': flux('db', './apps/db') };
    const head = { ...withoutWeb(listed), 'clusters/prod/apps/kustomization.yaml': 'resources:\n  - db.yaml\n' };
    const { json } = await diff(listed, head);
    expect(json.summary.closed).toBeGreaterThan(0);
    expect(json.notAnalysed ?? []).toEqual([]);
  });

  it('control: a Kustomization new on head whose path does not exist deploys nothing on either side (a note)', async () => {
    const { exitCode, json } = await diff(base, { ...base, 'clusters/prod/apps/extra.yaml': flux('extra', './apps/extra') });
    expect(exitCode).toBe(0);
    expect(json.notAnalysed ?? []).toEqual([]);
    expect(json.notices.filter((n) => n.code === 'MISSING_ROOT').map((n) => n.message)).toEqual(['Flux Kustomization extra: path ./apps/extra does not exist in this repository']);
  });
});

// Real repositories 36 (a home-ops repository moving its Flux bootstrap out of the repository): head deleted the
// GitRepository every Kustomization names, which base defined as this repository, and read as removing every app.
describe('Kustomizations whose source GitRepository head no longer defines keep deploying this repository', () => {
  // A source named otherwise than the bootstrap's flux-system (which is taken as this repository wherever it is defined).
  const fleet = (files: Files): Files => Object.fromEntries(Object.entries(files).map(([p, t]) => [p, t.replace('metadata: {name: flux-system, namespace: flux-system}\nspec:\n  interval: 1m', 'metadata: {name: fleet, namespace: flux-system}\nspec:\n  interval: 1m').replace('sourceRef: {kind: GitRepository, name: flux-system}', 'sourceRef: {kind: GitRepository, name: fleet}')]));
  const base = fleet(baseFiles);
  const withoutSource = (files: Files): Files => Object.fromEntries(Object.entries(files).filter(([p]) => p !== 'clusters/prod/source.yaml'));

  it('the source\'s definition deleted: nothing removed, a note; a change of an app in the same commit is analysed', async () => {
    const { json } = await diff(base, withoutSource(base));
    expect(json.summary).toMatchObject({ opened: 0, closed: 0 });
    const opened = await diff(base, { ...withoutSource(base), 'apps/db/pol.yaml': openAll('db') });
    expect(opened.json.summary.opened).toBeGreaterThan(0);
    expect(opened.json.summary.closed).toBe(0);
    expect(json.notices.filter((n) => n.code === 'EXTERNAL_SOURCE').map((n) => n.message)).toEqual([
      '3 Flux Kustomizations (db, web, apps): source GitRepository fleet, which base defines as this repository, is not defined on head: taken as still this repository (the cluster keeps the source, or a bootstrap makes it), and analysed with base\'s definition of each over head\'s files; were the source gone, Flux would fail them ("source not found") and keep what they applied: no app would be removed either way',
    ]);
  });

  it('control: a Kustomization new on head naming a source nobody defines is not analysed', async () => {
    const { json } = await diff(withoutSource(base), withoutSource(base));
    expect(json.summary).toMatchObject({ opened: 0, closed: 0 });
    expect(json.notices.filter((n) => n.code === 'EXTERNAL_SOURCE').map((n) => n.message)).toEqual([expect.stringMatching(/is not defined in this repository, so it is not known to be this repository; not analysed$/)]);
  });
});

