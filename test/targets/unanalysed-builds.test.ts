/**
 * A pull request that edits the files of a build failing on head was not analysed for that target: the
 * run must not pass as "no change". The CLI exits 1, the check run fails, the comment and the text say
 * which build and which changed files, and the JSON adds `notAnalysed` (and `summary.notAnalysed`). A
 * failing build the pull request does not touch stays a pre-existing error, as before; one it touches that
 * base's build fails the same way is told as also failing on base and does not fail the run.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { renderTargetsMarkdown } from '../../src/report/targets-markdown.js';
import { targetsCheckRun } from '../../src/report/targets-check-run.js';
import { DEFAULT_FAIL_ON, fails, notAnalysedClause } from '../../src/report/verdict.js';
import { diffSides } from '../helpers/folder-diff.js';

const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: i}]}\n';
const deny = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
const allowAll = `${deny}  ingress: [{}]\n`;
/** A kustomization listing a file that does not exist: its build fails on both sides. */
const broken = 'resources:\n  - deploy.yaml\n  - pol.yaml\n  - missing.yaml\n';
const fine = 'resources:\n  - deploy.yaml\n  - pol.yaml\n';

type Files = Record<string, string>;
const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));

interface Json {
  summary: { opened: number; closed: number; errors: number; notAnalysed?: number };
  errors: { preExisting: number };
  notAnalysed?: { target: string; side: string; file: string; line: number; code: string; changedFiles: string[] }[];
}

async function diff(base: Files, head: Files, ...extra: string[]) {
  return diffSides({ base, head }).run(...extra);
}

const app = (kustomization: string, pol: string): Files => ({ 'app/kustomization.yaml': kustomization, 'app/deploy.yaml': deploy, 'app/pol.yaml': pol });

describe('a build failing on head whose files the pull request changes', () => {
  it('a build the pull request breaks, and a policy it reads opened: exit 1, named in text and JSON, not a pre-existing note', async () => {
    const text = await diff(app(fine, deny), app(broken, allowAll));
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toMatch(/^1 changed build not analysed \(failing on head\); no change in what could be analysed\./);
    expect(text.stdout).toContain('Not analysed on head (1): this pull request changes files of these builds, and they fail on head');
    expect(text.stdout).toContain('app/kustomization.yaml:4: error: kustomize build app fails: resource missing.yaml: no such file or folder (app/missing.yaml) [KUSTOMIZE_BUILD_FAILED] (changed here: app/kustomization.yaml, app/pol.yaml)');
    expect(text.stdout).not.toContain('pre-existing error');
    expect(text.stdout).not.toContain('also failing on base');
    const json = JSON.parse((await diff(app(fine, deny), app(broken, allowAll), '--format', 'json')).stdout) as Json;
    expect(json.summary).toEqual({ opened: 0, closed: 0, errors: 0, notAnalysed: 1 });
    expect(json.errors.preExisting).toBe(0);
    expect(json.notAnalysed).toEqual([expect.objectContaining({ target: 'app', side: 'head', file: 'app/kustomization.yaml', line: 4, code: 'KUSTOMIZE_BUILD_FAILED', changedFiles: ['app/kustomization.yaml', 'app/pol.yaml'], alsoOnBase: false })]);
    // `never` is the one way to let it pass.
    expect((await diff(app(fine, deny), app(broken, allowAll), '--fail-on', 'never')).exitCode).toBe(0);
    expect((await diff(app(fine, deny), app(broken, allowAll), '--fail-on', 'closed')).exitCode).toBe(1);
  });

  it('the comment and the check run: a failed check, the build and the changed files named', async () => {
    const report = await analyzeTargets(asList(app(fine, deny)), asList(app(broken, allowAll)));
    const run = targetsCheckRun(report, { failOn: DEFAULT_FAIL_ON, otherChanges: 'neutral', rollbackButton: false, text: '' });
    expect(run.conclusion).toBe('failure');
    expect(run.title).toBe('1 changed build not analysed (failing on head), 0 opened, 0 closed');
    const md = renderTargetsMarkdown(report);
    expect(md).toMatch(/^### ⚠️ reachdiff: 1 changed build not analysed/);
    expect(md).toContain('#### ⚠️ Not analysed on head (1)');
    expect(md).toContain('(changed here: app/kustomization.yaml, app/pol.yaml)');
  });

  it('the pull request deletes a file the build reads (the build builds on base): named among the changed files', async () => {
    const base = app(fine, deny);
    const { 'app/pol.yaml': _gone, ...head } = base;
    const json = JSON.parse((await diff(base, head, '--format', 'json')).stdout) as Json;
    expect(json.notAnalysed?.map((n) => n.changedFiles)).toEqual([['app/pol.yaml']]);
    expect(json.summary.notAnalysed).toBe(1);
  });

  it('a failing build the pull request does not touch stays a pre-existing error (exit 0), also beside a target it does change', async () => {
    const base = { ...app(broken, deny), 'other/kustomization.yaml': fine, 'other/deploy.yaml': deploy.replace(/shop/g, 'other'), 'other/pol.yaml': deny.replace(/shop/g, 'other') };
    const head = { ...base, 'other/deploy.yaml': base['other/deploy.yaml'].replace('image: i', 'image: j') };
    const out = await diff(base, head);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toMatch(/^No change in allowed connectivity \(2 targets\)\./);
    expect(out.stdout).not.toContain('Not analysed');
    const json = JSON.parse((await diff(base, head, '--format', 'json')).stdout) as Json;
    expect(json.notAnalysed).toBeUndefined();
    expect(json.summary).toEqual({ opened: 0, closed: 0, errors: 0 });
    expect(json.errors.preExisting).toBe(1);
  });
});

/**
 * gnunn-gitops/cluster-config cd2f22a, 97bb764, be500f2: tenant policies edited under a kustomization kustomize 5
 * rejects as empty on base too. The pull request did not break that build: like a pre-existing error or finding,
 * the failure is told ("also failing on base"), the check is `neutral` (its change is not analysed), and the run
 * does not fail for it.
 */
describe('a changed build that fails the same way on base', () => {
  it('text, JSON and exit code: told as also failing on base, not failed', async () => {
    const text = await diff(app(broken, deny), app(broken, allowAll));
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/^1 changed build not analysed \(failing on head and on base\); no change in what could be analysed\./);
    expect(text.stdout).toContain('(changed here: app/pol.yaml; also failing on base)');
    expect(text.stdout).toContain('A build marked "also failing on base" failed the same way before this pull request: it is told, and does not fail the run.');
    const json = JSON.parse((await diff(app(broken, deny), app(broken, allowAll), '--format', 'json')).stdout) as Json;
    expect(json.summary).toEqual({ opened: 0, closed: 0, errors: 0, notAnalysed: 1, notAnalysedOnBase: 1 });
    expect(json.errors.preExisting).toBe(0);
    expect(json.notAnalysed).toEqual([expect.objectContaining({ file: 'app/kustomization.yaml', line: 4, changedFiles: ['app/pol.yaml'], alsoOnBase: true })]);
    // Whatever `--fail-on` watches: what fails is what the pull request brings.
    expect((await diff(app(broken, deny), app(broken, allowAll), '--fail-on', 'any')).exitCode).toBe(0);
  });

  it('the check run is neutral, never success, and its annotation a warning; the comment keeps ⚠️', async () => {
    const report = await analyzeTargets(asList(app(broken, deny)), asList(app(broken, allowAll)));
    for (const otherChanges of ['neutral', 'success'] as const) {
      const run = targetsCheckRun(report, { failOn: DEFAULT_FAIL_ON, otherChanges, rollbackButton: false, text: '' });
      expect(run.conclusion).toBe('neutral');
      expect(run.title).toBe('1 changed build not analysed (failing on head and on base), 0 opened, 0 closed');
      expect(run.summary).toContain('fails the same way on base: older than this pull request, it does not fail the check');
      expect(run.annotations).toContainEqual(expect.objectContaining({ path: 'app/kustomization.yaml', start_line: 4, annotation_level: 'warning', title: 'Not analysed: this build fails on head, as on base' }));
    }
    expect(renderTargetsMarkdown(report)).toMatch(/^### ⚠️ reachdiff: 1 changed build not analysed \(failing on head and on base\)/);
  });

  it('base failing otherwise (another error) is a failure the pull request brings: failed as before', async () => {
    const otherwise = 'resources:\n  - deploy.yaml\n  - pol.yaml\n  - gone.yaml\n';
    const text = await diff(app(otherwise, deny), app(broken, allowAll));
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toMatch(/^1 changed build not analysed \(failing on head\);/);
  });

  it('several targets, one failing on base too: each verdict says which, and the new failure fails the run', async () => {
    const two = { ...app(broken, deny), ...Object.fromEntries(Object.entries(app(fine, deny)).map(([p, t]) => [p.replace('app/', 'two/'), t.replace(/shop/g, 'two')])) };
    const head = { ...two, 'app/pol.yaml': allowAll, 'two/kustomization.yaml': broken, 'two/pol.yaml': allowAll.replace(/shop/g, 'two') };
    const text = await diff(two, head);
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toMatch(/^app: 1 changed build not analysed \(failing on head and on base\); no change in what could be analysed; two: 1 changed build not analysed \(failing on head\);/);
  });

  it('the clause of one model with several such builds counts those failing on base', () => {
    expect(notAnalysedClause({ notAnalysed: 3 })).toBe('3 changed builds not analysed (failing on head)');
    expect(notAnalysedClause({ notAnalysed: 3, notAnalysedOnBase: 1 })).toBe('3 changed builds not analysed (failing on head; 1 of them also on base)');
    expect(notAnalysedClause({ notAnalysed: 6, notAnalysedOnBase: 6 })).toBe('6 changed builds not analysed (failing on head and on base)');
    expect(fails({ opened: 0, closed: 0, notAnalysed: 6, notAnalysedOnBase: 6 }, DEFAULT_FAIL_ON)).toBe(false);
    expect(fails({ opened: 0, closed: 0, notAnalysed: 3, notAnalysedOnBase: 1 }, DEFAULT_FAIL_ON)).toBe(true);
  });
});

describe('the rest of a model beside a changed build failing on head', () => {
  const other = { 'other/deploy.yaml': deploy.replace(/shop/g, 'other'), 'other/pol.yaml': deny.replace(/shop/g, 'other') };

  it('the failed build adds no path of its own (it deploys nothing new), is told once, and the rollback has nothing to revert for it', async () => {
    const base = app(fine, deny);
    const head = app(broken, deny);
    const json = JSON.parse((await diff(base, head, '--format', 'json')).stdout) as Json & { pairs: unknown[]; errors: { introduced: unknown[] }; rollback?: { documents: unknown[] } };
    expect(json.summary).toEqual({ opened: 0, closed: 0, errors: 0, notAnalysed: 1 });
    expect(json.pairs).toEqual([]);
    expect(json.errors.introduced).toEqual([]);
    const text = await diff(base, head);
    expect(text.exitCode).toBe(1);
    expect(text.stdout.match(/KUSTOMIZE_BUILD_FAILED/g)).toHaveLength(1);
    expect(text.stdout).toContain('A build that fails deploys nothing new, so the rest is compared with these builds as base has them.');
    expect(text.stdout).not.toMatch(/Workloads removed|Closed|Opened/);
  });

  it('another build of the same cluster is still diffed, against the failed build as base deployed it', async () => {
    const flux = (path: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${path}, namespace: flux-system}\nspec:\n  path: ./${path}\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
    const cluster = { 'clusters/prod/apps.yaml': `${flux('app')}---\n${flux('other')}` };
    const admitShop = `${other['other/pol.yaml']}  ingress:\n    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}}]\n`;
    const base = { ...cluster, ...app(fine, allowAll), 'other/deploy.yaml': other['other/deploy.yaml'] };
    const head = { ...cluster, ...app(broken, deny), ...other, 'other/pol.yaml': admitShop };
    const report = await analyzeTargets(asList(base), asList(head));
    expect(report.targets).toHaveLength(1);
    const id = (p: { type: string; workload?: { id: string } }) => p.workload?.id ?? p.type;
    const closed = report.combined.pairs.filter((p) => p.closed).map((p) => `${id(p.src)} -> ${id(p.dst)}`);
    // shop/api still runs on head (base's build): other's new policy admits it, so only other paths close.
    expect(closed).toContain('other/api[Deployment] -> other/api[Deployment]');
    expect(closed.some((p) => p.startsWith('shop/'))).toBe(false);
    expect(report.combined.removed).toEqual([]);
    expect(report.counts.notAnalysed).toBe(1);
    const run = targetsCheckRun(report, { failOn: DEFAULT_FAIL_ON, otherChanges: 'neutral', rollbackButton: false, text: '' });
    expect(run.annotations).toContainEqual(expect.objectContaining({ path: 'app/kustomization.yaml', start_line: 4, annotation_level: 'failure', title: 'Not analysed: this build fails on head' }));
  });

  it('a component both builds include, whose patch fails only one of them: the other build\'s change is analysed, not held to base (real-eval re44, soerenschneider/k8s-gitops)', async () => {
    // The failing build's error is cited at the component's patch, a file the other build reads too; that one builds
    // (its policy has the ingress rule the patch appends to), so its changes are its own, not the failure's.
    const flux = (path: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${path}, namespace: flux-system}\nspec:\n  path: ./${path}\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
    const comp = 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - target: {kind: NetworkPolicy}\n    patch: |-\n      - op: add\n        path: /spec/ingress/0/from/-\n        value: {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: gateway}}}\n';
    const withComp = 'resources:\n  - deploy.yaml\n  - pol.yaml\ncomponents:\n  - ../comp\n';
    const noRules = `${deny}  ingress: []\n`;
    const fromMonitoring = (port: number) => `${deny.replace(/shop/g, 'other')}  ingress:\n    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]\n      ports: [{port: ${port}}]\n`;
    const side = (port: number): Files => ({
      'clusters/prod/apps.yaml': `${flux('app')}---\n${flux('other')}`,
      'comp/kustomization.yaml': comp,
      ...app(withComp, noRules),
      'other/kustomization.yaml': withComp, 'other/deploy.yaml': deploy.replace(/shop/g, 'other'), 'other/pol.yaml': fromMonitoring(port),
    });
    const json = JSON.parse((await diff(side(8080), side(9090), '--format', 'json')).stdout) as Json & { pairs: { opened?: boolean; closed?: boolean }[] };
    expect(json.notAnalysed).toBeUndefined();
    expect(json.errors.preExisting).toBe(1);
    expect(json.summary.opened).toBeGreaterThan(0);
    expect(json.summary.closed).toBeGreaterThan(0);
  });

  it('clusters sharing a Namespaces folder, one failing on head: its base build declares them, no duplicate from what the others declare (new-user 37)', async () => {
    // Top-level kustomizations see the Namespaces the other ones declare (shared-namespaces.ts); the failing one
    // declared none on head, so it was given the others' copies, and then its base build's own came back beside them.
    const namespaces = { 'platform/kustomization.yaml': 'resources:\n  - ns.yaml\n', 'platform/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {tier: apps}\n' };
    const cluster = (name: string, extra = '') => ({ [`clusters/${name}/kustomization.yaml`]: `resources:\n  - ../../platform\n  - ../../app\n${extra}`, [`clusters/${name}/pol.yaml`]: deny });
    const repo = { ...namespaces, 'app/kustomization.yaml': fine, 'app/deploy.yaml': deploy, 'app/pol.yaml': deny, ...cluster('eu'), ...cluster('us') };
    const head = { ...repo, ...cluster('eu', '  - missing.yaml\n') };
    const text = await diff(repo, head);
    expect(text.stdout).toContain('clusters/eu/kustomization.yaml:4: error: kustomize build clusters/eu fails');
    expect(text.stdout).not.toContain('DUPLICATE_OBJECT');
    expect(text.stdout).not.toContain('(Namespaces other targets declare)');
    const json = JSON.parse((await diff(repo, head, '--format', 'json')).stdout) as Json & { warnings: { head: { code: string }[] }; summary: { warnings?: number } };
    expect(JSON.stringify(json)).not.toContain('DUPLICATE_OBJECT');
  });
});

describe('a build failing on base that head fixes (kubeflow/manifests 956fa1f1b: 6,138 paths closed by a one-character fix)', () => {
  it('the verdict says base deployed nothing there, first line of text, Markdown and JSON', async () => {
    const text = await diff(app(broken, deny), app(fine, deny));
    expect(text.stdout.split('\n')[0]).toMatch(/paths? closed; 1 build failing on base, compared as deploying nothing/);
    const md = await diff(app(broken, deny), app(fine, deny), '--format', 'md');
    expect(md.stdout).toContain('1 build failing on base, compared as deploying nothing');
    const json = JSON.parse((await diff(app(broken, deny), app(fine, deny), '--format', 'json')).stdout) as Json & { failedOnBase?: unknown[] };
    expect(json.failedOnBase).toEqual([expect.objectContaining({ target: 'app', file: 'app/kustomization.yaml', line: 4, code: 'KUSTOMIZE_BUILD_FAILED' })]);
  });

  it('a build failing on both sides is not one head fixed', async () => {
    const json = JSON.parse((await diff(app(broken, deny), app(broken, allowAll), '--format', 'json')).stdout) as { failedOnBase?: unknown[] };
    expect(json.failedOnBase).toBeUndefined();
  });

  it('a Flux Kustomization whose own fields fail the build of its path: that build is compared as base has it, its workloads not read as removed', async () => {
    const flux = (components: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: app, namespace: flux-system}\nspec:\n  path: ./app\n  sourceRef: {kind: GitRepository, name: flux-system}\n${components}`;
    const sync = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec: {url: "ssh://git@github.com/acme/gitops"}\n';
    const side = (components: string): Files => ({ 'clusters/prod/kustomization.yaml': 'resources:\n  - sync.yaml\n  - app.yaml\n', 'clusters/prod/sync.yaml': sync, 'clusters/prod/app.yaml': flux(components), ...app(fine, allowAll), 'comp/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n' });
    // Real-eval 24, tyriis/home-ops 293650b8e: `components:` written as a string, which Flux rejects.
    const json = JSON.parse((await diff(side(''), side('  components: ../comp\n'), '--format', 'json')).stdout) as Json & { workloads: { removed: string[] } };
    expect(json.notAnalysed?.map((n) => n.code)).toEqual(['KUSTOMIZE_BUILD_FAILED']);
    expect(json.summary).toEqual({ opened: 0, closed: 0, errors: 0, notAnalysed: 1 });
    expect(json.workloads.removed).toEqual([]);
  });
});
