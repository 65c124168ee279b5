/**
 * A changed remote resource or component of a deployed build (reachdiff does not fetch them) is not analysed and
 * says so: a version bump of an upstream install had read "No change in allowed connectivity", exit 0, and a
 * vendored copy replaced by its URL (allenporter/k8s-gitops 172dc844) every workload of the copy "removed", with
 * only the KUSTOMIZE_NOT_RENDERED warning beside. An unchanged remote entry beside a change elsewhere gets no note.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import type { Diagnostic } from '../../src/manifests/diagnostics.js';
import { remoteResourceNotices } from '../../src/targets/remote-resources.js';
import type { TargetsReport } from '../../src/targets/analyze-targets.js';
import { targetsCheckRun } from '../../src/report/targets-check-run.js';
import { DEFAULT_FAIL_ON } from '../../src/report/verdict.js';
import { diffSides } from '../helpers/folder-diff.js';

type Files = Record<string, string>;
const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));
const outside = (r: TargetsReport) => r.notices.filter((n) => n.code === 'OUTSIDE_TARGETS').map((n) => [n.ref?.file, n.ref?.line, n.side, n.message]);
const checkRun = (r: TargetsReport) => targetsCheckRun(r, { failOn: DEFAULT_FAIL_ON, otherChanges: 'success', rollbackButton: false, text: '' });

const deploy = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: a}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const install = (version: string) => `https://example.com/releases/download/${version}/install.yaml`;
const side = (resources: string, files: Files = {}): Files => ({ 'app/kustomization.yaml': `resources:\n  - web.yaml\n${resources}`, 'app/web.yaml': deploy('web'), ...files });

describe('changed remote entries of a deployed build', () => {
  it('a remote install bumped: not analysed at its line, never a plain "No change", the check not success', async () => {
    const [base, head] = [side(`  - ${install('v1')}\n`), side(`  - ${install('v2')}\n`)];
    const r = await analyzeTargets(list(base), list(head));
    expect(outside(r)).toEqual([['app/kustomization.yaml', 3, undefined, `Not analysed: app/kustomization.yaml changes the remote entries of a build (remote resource ${install('v2')} changed from v1 to v2), which reachdiff does not fetch: what they deploy, their network policies included, is in no analysis. Render the build with --render (e.g. kustomize build)`]]);
    expect(checkRun(r).conclusion).toBe('neutral');
    const out = await diffSides({ base, head }).run();
    expect(out.stdout.split('\n')[0]).toBe('No change found in what was analysed; not analysed: 1 changed remote entry of app/kustomization.yaml, which reachdiff does not fetch.');
  });

  it('a ?ref= bump is one entry changed, at head\'s line; another repository or path beside it is added and removed', async () => {
    const at = (ref: string, path = 'netpol') => `github.com/acme/components//${path}?ref=${ref}`;
    const base = side(`  - ${at('v1.2.0')}\n  - ${at('v1', 'rbac')}\n`);
    const head = side(`  - ${at('v1', 'other')}\n  - ${at('v1.3.0')}\n`);
    const r = await analyzeTargets(list(base), list(head));
    expect(outside(r)).toEqual([['app/kustomization.yaml', 3, undefined, expect.stringContaining(`(remote resource ${at('v1', 'other')} added, remote resource ${at('v1.3.0')} changed from v1.2.0 to v1.3.0, remote resource ${at('v1', 'rbac')} removed)`)]]);
    expect(r.notices.find((n) => n.code === 'OUTSIDE_TARGETS')?.what).toBe('3 changed remote entries of app/kustomization.yaml, which reachdiff does not fetch');
  });

  it('a version inside the file name (calico-v3.26.yaml to calico-v3.27.yaml) is one entry changed', async () => {
    const calico = (v: string) => `https://example.com/manifests/calico-${v}.yaml`;
    const r = await analyzeTargets(list(side(`  - ${calico('v3.26')}\n`)), list(side(`  - ${calico('v3.27')}\n`)));
    expect(outside(r).map((n) => n[3])).toEqual([expect.stringContaining(`(remote resource ${calico('v3.27')} changed from v3.26 to v3.27)`)]);
    expect(r.notices.find((n) => n.code === 'OUTSIDE_TARGETS')?.what).toBe('1 changed remote entry of app/kustomization.yaml, which reachdiff does not fetch');
  });

  it('a vendored copy replaced by its URL: its workloads read as removed, and the remote entry said', async () => {
    const r = await analyzeTargets(list(side('  - vendored.yaml\n', { 'app/vendored.yaml': deploy('node') })), list(side(`  - ${install('v1')}\n`)));
    expect(outside(r).map((n) => n[3])).toEqual([expect.stringContaining(`(remote resource ${install('v1')} added)`)]);
  });

  it('a remote component removed: said at base\'s line', async () => {
    const component = 'https://github.com/acme/kustomize-components//netpol?ref=v1';
    const r = await analyzeTargets(list(side('components:\n  - ' + component + '\n')), list(side('')));
    expect(outside(r)).toEqual([['app/kustomization.yaml', 4, 'base', expect.stringContaining(`(remote component ${component} removed)`)]]);
  });

  it('reads the entry from the warning\'s data, not its wording', () => {
    const warning = (entry: string): Diagnostic => ({ severity: 'warning', code: 'KUSTOMIZE_NOT_RENDERED', message: 'worded otherwise', ref: { file: 'app/kustomization.yaml', line: 3 }, remoteEntry: { kustomization: 'app/kustomization.yaml', kind: 'resource', entry } });
    const notices = remoteResourceNotices(new Set(['app/kustomization.yaml']), [warning('https://example.com/a.yaml')], [warning('https://example.com/b.yaml')]);
    expect(notices.map((n) => n.what)).toEqual(['2 changed remote entries of app/kustomization.yaml, which reachdiff does not fetch']);
  });

  it('an unchanged remote entry beside another change: no such note', async () => {
    const remote = `  - ${install('v1')}\n`;
    const r = await analyzeTargets(list(side(remote)), list({ ...side(remote), 'app/web.yaml': deploy('web').replace('image: i', 'image: j') }));
    expect(outside(r)).toEqual([]);
  });
});
