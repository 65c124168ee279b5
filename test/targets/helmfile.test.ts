/**
 * Helmfile projects (targets/helmfile.ts): a change to a helmfile's state or values is not analysed, and
 * says so under the verdict, once per project; its Go-templated state files are no manifests. Before, a
 * Calico GlobalNetworkPolicy narrowed in a helmfile's `values/main.yaml` read "No change in allowed
 * connectivity", exit 0, said nowhere, and each edit of a state file was a YAML_SYNTAX error "in changed
 * files" (real-eval 20: wikimedia/operations-deployment-charts 847d82433, 96723ad5a); a NetworkPolicy
 * release added in `helmfile.d/stacks/*.yaml` with its `values/*.yaml.gotmpl`, or a rule changed in such a
 * `.gotmpl` alone (a file no side read), likewise (elastisys/compliantkubernetes-apps f2b51d9a, 6240a8be).
 * Hand-written fixtures.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import type { TargetsReport } from '../../src/targets/analyze-targets.js';
import { targetsText } from '../../src/report/targets-text.js';
import { main } from '../../src/cli/main.js';
import { git, sideTreesSync, tempFolderSync } from '../helpers/git.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Files = Record<string, string>;
const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));
const outside = (r: TargetsReport) => r.notices.filter((n) => n.code === 'OUTSIDE_TARGETS').map((n) => n.message);

// A plain Deployment beside the helmfile project, so the repository has something to analyse.
const app = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: i}]}\n';
// A Go-templated state file: no YAML parser reads `{{ … }}` in a flow position.
const state = 'releases:\n  - name: policies\n    chart: ../../charts/policies\n    installed: {{ .Values | get "policies.enabled" true }}\n    values:\n      - values/main.yaml\n';
const values = (cidr: string) => `GlobalNetworkPolicies:\n  default-deny:\n    selector: all()\n    egress:\n      - action: Allow\n        destination: {nets: [${cidr}]}\n`;
const project: Files = { 'deploy/app.yaml': app, 'helmfile.d/admin/helmfile.yaml': state, 'helmfile.d/admin/values/main.yaml': values('10.0.0.0/8') };
const yamlErrors = (r: TargetsReport) => [...r.combined.warnings.base, ...r.combined.warnings.head].filter((d) => d.ref.file.startsWith('helmfile.d/'));

describe('a helmfile project', () => {
  it("a changed values file (Calico policies for a chart): not analysed, named with its project; the state file is no manifest", async () => {
    const report = await analyzeTargets(list(project), list({ ...project, 'helmfile.d/admin/values/main.yaml': values('10.2.0.0/16') }));
    const message =
      "Not analysed: a changed file of helmfile project helmfile.d/admin (its state and values), which reachdiff does not run: helmfile.d/admin/values/main.yaml. What its releases install is in no analysis; render them with --render 'helmfile template' (see docs/targets.md, \"Helm charts and other rendered manifests\")";
    expect(outside(report)).toEqual([message]);
    // The unisolated Deployment's findings aside, the note is right under the verdict.
    expect(targetsText(report).split('\n').slice(1, 3)).toEqual(['', `Note: ${message}.`]);
    expect(targetsText(report)).toMatch(/^No change found in what was analysed; not analysed: a changed file of helmfile project helmfile\.d\/admin \(its state and values\), which reachdiff does not run \(helmfile\.d\/admin\/values\/main\.yaml:1\);/);
    expect(yamlErrors(report)).toEqual([]);
  });

  it('an edited state file: said not analysed, never a YAML error in changed files', async () => {
    const report = await analyzeTargets(list(project), list({ ...project, 'helmfile.d/admin/helmfile.yaml': state.replace('true }}', 'false }}') }));
    expect(outside(report)).toEqual([expect.stringMatching(/^Not analysed: a changed file of helmfile project helmfile\.d\/admin \(its state and values\), which reachdiff does not run: helmfile\.d\/admin\/helmfile\.yaml\./)]);
    expect(yamlErrors(report)).toEqual([]);
    expect(report.counts.errors).toBe(0);
  });

  it('state files of a helmfile.d folder and their Go-templated values: one note for the project', async () => {
    const base: Files = { 'deploy/app.yaml': app, 'helmfile.d/state.yaml': 'releases:\n  - inherit: [template: web]\n', 'helmfile.d/stacks/web.yaml': 'templates:\n  web: {chart: ./charts/web}\n' };
    const head: Files = {
      ...base,
      'helmfile.d/state.yaml': 'releases:\n  - inherit: [template: web]\n  - inherit: [template: web-policies]\n',
      'helmfile.d/stacks/web.yaml': 'templates:\n  web: {chart: ./charts/web}\n  web-policies:\n    installed: {{ .Values | get "netpol" false }}\n    values: [values/web-policies.yaml.gotmpl]\n',
      'helmfile.d/values/web-policies.yaml.gotmpl': 'policies:\n  web:\n    all-deny: {podSelectorLabels: {}}\n',
    };
    const report = await analyzeTargets(list(base), list(head));
    expect(outside(report)).toEqual([
      expect.stringMatching(/^Not analysed: 3 changed files of helmfile project helmfile\.d \(its state and values\), which reachdiff does not run: helmfile\.d\/stacks\/web\.yaml, helmfile\.d\/state\.yaml, helmfile\.d\/values\/web-policies\.yaml\.gotmpl\./),
    ]);
    expect(yamlErrors(report)).toEqual([]);
  });

  it('an edit of image coordinates only, a plain manifest change, or a file outside any project: no helmfile note', async () => {
    const tagged = (tag: string) => `${values('10.0.0.0/8')}image: {repository: example/api, tag: "${tag}"}\n`;
    const bumped = { ...project, 'helmfile.d/admin/values/main.yaml': tagged('1.0') };
    expect(outside(await analyzeTargets(list(bumped), list({ ...bumped, 'helmfile.d/admin/values/main.yaml': tagged('1.1') })))).toEqual([]);
    expect(outside(await analyzeTargets(list(project), list({ ...project, 'deploy/app.yaml': `${app}# tidy\n` })))).toEqual([]);
    // Outside every project, a settings file that is no values file stays unsaid, as before.
    const other = { ...project, 'config/settings.yaml': 'a: 1\n' };
    expect(outside(await analyzeTargets(list(other), list({ ...other, 'config/settings.yaml': 'a: 2\n' })))).toEqual([]);
  });
});

describe('the CLI reads Go-templated values (.yaml.gotmpl)', () => {
  const base: Files = { 'deploy/app.yaml': app, 'helmfile.d/state.yaml': 'releases:\n  - name: web\n    chart: ./charts/web\n    values: [values/web.yaml.gotmpl]\n', 'helmfile.d/values/web.yaml.gotmpl': 'ingress: {from: [{{ .Values.monitoring | quote }}]}\n' };
  const head: Files = { ...base, 'helmfile.d/values/web.yaml.gotmpl': 'ingress: {from: [{{ .Values.monitoring | quote }}, apiserver]}\n' };
  const note = /^Note: Not analysed: a changed file of helmfile project helmfile\.d \(its state and values\), which reachdiff does not run: helmfile\.d\/values\/web\.yaml\.gotmpl\./m;

  it('of two folders: the change alone is said, never parsed as a manifest', async () => {
    const dir = sideTreesSync({ base, head });
    const out = await main(['diff', join(dir, 'base'), join(dir, 'head')]);
    expect(out.stdout).toMatch(note);
    expect(out.stdout).not.toMatch(/YAML_SYNTAX/);
    expect(out.exitCode).toBe(0);
  });

  it('of two git revisions, and not outside --path', async () => {
    const repo = tempFolderSync(base);
    git(repo, 'init', '-q');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'base');
    writeFileSync(join(repo, 'helmfile.d/values/web.yaml.gotmpl'), head['helmfile.d/values/web.yaml.gotmpl']);
    git(repo, 'commit', '-q', '-am', 'head');
    const out = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo]);
    expect(out.stdout).toMatch(note);
    expect(out.stdout).not.toMatch(/YAML_SYNTAX/);
    const narrowed = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo, '--path', 'deploy/**']);
    expect(narrowed.stdout).not.toMatch(/helmfile/);
  });
});
