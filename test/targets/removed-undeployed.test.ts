/**
 * A changed file that no target deployed on base and that head deletes (or leaves without the objects that
 * made it one no build reads) changes no analysed cluster: a note says so, and it never makes the verdict
 * incomplete ("Not analysed", a neutral check). Real case, real-eval 25: marmila/picluster 6f0ae2b4 moved a
 * policy file no base target deployed into a Cilium Component that head's overlay includes; the old path was
 * still "Not analysed". The class: plain policy files no target deploys, policy files of a Component no build
 * includes, manifests a kustomization's folder holds without listing them.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import type { TargetsReport } from '../../src/targets/analyze-targets.js';
import { targetsCheckRun } from '../../src/report/targets-check-run.js';
import { targetsText } from '../../src/report/targets-text.js';
import { DEFAULT_FAIL_ON } from '../../src/report/verdict.js';

type Files = Record<string, string>;
const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));
const deploy = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: mesh}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const policy = (name: string, port: number) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: mesh}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress: [{ports: [{port: ${port}}]}]\n`;
const codes = (r: TargetsReport, code: string) => r.notices.filter((n) => n.code === code).map((n) => n.message);
const check = (r: TargetsReport) => targetsCheckRun(r, { failOn: DEFAULT_FAIL_ON, otherChanges: 'success', rollbackButton: false, text: '' });

const app: Files = {
  'app/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
  'app/deployment.yaml': deploy('gateway'),
};

describe('a changed file no target deployed on base, gone on head', () => {
  it('a policy file no target deploys, deleted: a note, no "Not analysed", the check a success', async () => {
    const base = { ...app, 'app/legacy/mesh-policy.yaml': policy('mesh', 15008) };
    const report = await analyzeTargets(list(base), list(app));
    expect(codes(report, 'OUTSIDE_TARGETS')).toEqual([]);
    expect(codes(report, 'NOT_DEPLOYED')).toEqual([
      'Removed where no target deployed it: a changed file whose objects no target deployed on base, deleted on head: app/legacy/mesh-policy.yaml. No cluster analysed here changes with it; whatever applied it, if anything did, is outside the targets',
    ]);
    expect(targetsText(report)).not.toMatch(/Not analysed/);
    expect(check(report).conclusion).toBe('success');
  });

  it('moved into a Component the head build includes (picluster 6f0ae2b4): the move is analysed, the old path only noted', async () => {
    const base = { ...app, 'app/legacy/mesh-policy.yaml': policy('mesh', 15008) };
    const head = {
      'app/kustomization.yaml': 'resources:\n  - deployment.yaml\ncomponents:\n  - ../cilium\n',
      'app/deployment.yaml': deploy('gateway'),
      'cilium/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - mesh-policy.yaml\n',
      'cilium/mesh-policy.yaml': policy('mesh', 15008),
    };
    const report = await analyzeTargets(list(base), list(head));
    expect(codes(report, 'OUTSIDE_TARGETS')).toEqual([]);
    expect(codes(report, 'NOT_DEPLOYED')).toEqual([expect.stringMatching(/^Removed where no target deployed it: .*: app\/legacy\/mesh-policy\.yaml\./)]);
    // The policy head deploys isolates the gateway: that closes paths, as before.
    expect(report.counts.closed).toBeGreaterThan(0);
  });

  it('a Component no build includes and a manifest its kustomization does not list, deleted or emptied: one note naming both', async () => {
    const base = {
      ...app,
      'app/extra.yaml': deploy('extra'),
      'unused/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - np.yaml\n',
      'unused/np.yaml': policy('unused', 80),
    };
    const head = { ...app, 'unused/kustomization.yaml': base['unused/kustomization.yaml'], 'unused/np.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kept, namespace: mesh}\n' };
    const report = await analyzeTargets(list(base), list(head));
    expect(codes(report, 'OUTSIDE_TARGETS')).toEqual([]);
    expect(codes(report, 'NOT_DEPLOYED')).toEqual([
      'Removed where no target deployed them: 2 changed files whose objects no target deployed on base, deleted or emptied of them on head: app/extra.yaml, unused/np.yaml. No cluster analysed here changes with them; whatever applied them, if anything did, is outside the targets',
    ]);
    expect(check(report).conclusion).toBe('success');
  });

  it('guards: a file no target deploys that head adds or edits is still "Not analysed"', async () => {
    const added = await analyzeTargets(list(app), list({ ...app, 'app/legacy/mesh-policy.yaml': policy('mesh', 15008) }));
    expect(codes(added, 'OUTSIDE_TARGETS')).toEqual([expect.stringMatching(/^Not analysed: a changed file holding policies that no target deploys: app\/legacy\/mesh-policy\.yaml/)]);
    expect(codes(added, 'NOT_DEPLOYED')).toEqual([]);
    const base = { ...app, 'app/legacy/mesh-policy.yaml': policy('mesh', 15008), 'app/extra.yaml': deploy('extra') };
    const edited = await analyzeTargets(list(base), list({ ...base, 'app/legacy/mesh-policy.yaml': policy('mesh', 15009), 'app/extra.yaml': deploy('extra2') }));
    expect(codes(edited, 'OUTSIDE_TARGETS')).toHaveLength(2);
    expect(check(edited).conclusion).toBe('neutral');
  });
});
