/**
 * Cilium's policy enforcement settings (docs.cilium.io, "Policy Enforcement Modes", "Creating Policies from
 * Verdicts"): policy audit mode drops nothing, `enable-policy: never` enforces nothing, `always` makes every
 * pod default-deny. reachdiff analyses Cilium's default mode on both sides, so a pull request turning audit
 * mode off (every path the policies do not allow closes in the live cluster) read "No change", ✅, exit 0:
 * such a change is now not analysed, said at the setting's line, and the check is `neutral`; a head running
 * in audit mode, `never` or `always` gets a note on what the paths mean.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import type { TargetsReport } from '../../src/targets/analyze-targets.js';
import { ciliumSettings, enforcementOf } from '../../src/targets/cilium-enforcement.js';
import type { CiliumSetting } from '../../src/targets/cilium-enforcement.js';
import { targetsText } from '../../src/report/targets-text.js';
import { targetsCheckRun } from '../../src/report/targets-check-run.js';
import { DEFAULT_FAIL_ON } from '../../src/report/verdict.js';

type Files = Record<string, string>;
const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));
const outside = (r: TargetsReport) => r.notices.filter((n) => n.code === 'OUTSIDE_TARGETS');
const notes = (r: TargetsReport) => r.notices.filter((n) => n.code === 'CILIUM_ENFORCEMENT');
const checkRun = (r: TargetsReport) => targetsCheckRun(r, { failOn: DEFAULT_FAIL_ON, otherChanges: 'success', rollbackButton: false, text: '' });
const brief = (s: readonly CiliumSetting[]) => s.map((x) => `${x.kind} ${x.key}=${x.value} ${x.ref.file}:${x.ref.line} (${x.source})`);

const app = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: i}]}\n';
const cnp = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: api-in, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: api}}\n  ingress:\n    - fromEndpoints: [{matchLabels: {app: web}}]\n';
const configMap = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\n  namespace: kube-system\ndata:\n  cluster-name: home\n${data}`;
const plain = (data: string): Files => ({ 'deploy/app.yaml': app, 'deploy/policy.yaml': cnp, 'deploy/cilium-config.yaml': configMap(data) });

describe('where the settings are read', () => {
  it('the cilium-config ConfigMap, at the line of each key', () => {
    expect(brief(ciliumSettings('c.yaml', configMap('  policy-audit-mode: "true"\n  enable-policy: Always\n'), false))).toEqual([
      'audit policy-audit-mode=true c.yaml:8 (ConfigMap kube-system/cilium-config)',
      'mode enable-policy=always c.yaml:9 (ConfigMap kube-system/cilium-config)',
    ]);
    // Another ConfigMap with the same keys is not Cilium's.
    expect(ciliumSettings('c.yaml', configMap('  policy-audit-mode: "true"\n').replace('name: cilium-config', 'name: other'), false)).toEqual([]);
  });

  it("Helm values: a kustomization's cilium helmCharts valuesInline, a HelmRelease, an Argo CD Application (valuesObject, values, parameters), a values file", () => {
    const kustomization = 'helmCharts:\n  - name: cilium\n    valuesFile: values.yaml\n    valuesInline:\n      policyAuditMode: true\n  - name: other\n    valuesInline:\n      policyAuditMode: true\n';
    expect(brief(ciliumSettings('net/kustomization.yaml', kustomization, false))).toEqual(['audit policyAuditMode=true net/kustomization.yaml:5 (valuesInline of the cilium chart)']);
    const release = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: cilium, namespace: kube-system}\nspec:\n  chart:\n    spec: {chart: cilium, sourceRef: {kind: HelmRepository, name: cilium}}\n  values:\n    ipam: {mode: kubernetes}\n    policyEnforcementMode: never\n';
    expect(brief(ciliumSettings('hr.yaml', release, false))).toEqual(['mode policyEnforcementMode=never hr.yaml:9 (values of Flux HelmRelease kube-system/cilium)']);
    const application = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'metadata: {name: cilium, namespace: argocd}',
      'spec:',
      '  sources:',
      '    - chart: cilium',
      '      helm:',
      '        valuesObject:',
      '          policyAuditMode: false',
      '        values: |',
      '          policyEnforcementMode: always',
      '        parameters:',
      '          - name: policyAuditMode',
      '            value: "true"',
      '',
    ].join('\n');
    expect(brief(ciliumSettings('app.yaml', application, false))).toEqual([
      'audit policyAuditMode=false app.yaml:9 (Helm values of Argo CD Application argocd/cilium)',
      'mode policyEnforcementMode=always app.yaml:10 (Helm values of Argo CD Application argocd/cilium)',
      'audit policyAuditMode=true app.yaml:13 (Helm values of Argo CD Application argocd/cilium)',
    ]);
    expect(brief(ciliumSettings('net/values.yaml', 'ipam:\n  mode: kubernetes\npolicyAuditMode: true\n', true))).toEqual(['audit policyAuditMode=true net/values.yaml:3 (Helm values of the cilium chart)']);
    // Charts before Cilium 1.9: the agent's values under global.
    expect(brief(ciliumSettings('cilium/values.yaml', 'global:\n  registry: r\n  policyAuditMode: true\n', true))).toEqual(['audit global.policyAuditMode=true cilium/values.yaml:3 (Helm values of the cilium chart)']);
    // Not a values file of the Cilium chart: its keys are another chart's.
    expect(ciliumSettings('net/values.yaml', 'policyAuditMode: true\n', false)).toEqual([]);
  });

  it("what they make: never and audit mode enforce nothing, always every pod, the last copy of a setting wins", () => {
    const s = (kind: CiliumSetting['kind'], value: string): CiliumSetting => ({ kind, key: kind, value, source: 's', ref: { file: 'f', line: 1 } });
    expect(enforcementOf([]).enforcement).toBe('default');
    expect(enforcementOf([s('audit', 'true')]).enforcement).toBe('none');
    expect(enforcementOf([s('mode', 'never'), s('audit', 'false')]).enforcement).toBe('none');
    expect(enforcementOf([s('mode', 'always')]).enforcement).toBe('always');
    expect(enforcementOf([s('mode', 'always'), s('audit', 'true')]).enforcement).toBe('none');
    expect(enforcementOf([s('audit', 'true'), s('audit', 'false')]).enforcement).toBe('default');
  });
});

describe('a pull request that changes what Cilium enforces', () => {
  it('audit mode turned off in the ConfigMap: not analysed, at the key, the check neutral (it read No change, success)', async () => {
    const report = await analyzeTargets(list(plain('  policy-audit-mode: "true"\n')), list(plain('  policy-audit-mode: "false"\n')));
    expect(report.counts).toEqual({ opened: 0, closed: 0, errors: 0 });
    const [notice] = outside(report);
    expect(notice.ref).toEqual({ file: 'deploy/cilium-config.yaml', line: 8 });
    expect(notice.message).toBe(
      "Not analysed: Cilium's policy enforcement changes in deploy/cilium-config.yaml (policy-audit-mode true → false, ConfigMap kube-system/cilium-config): Cilium dropped nothing and now enforces every policy: every path the policies do not allow closes. reachdiff analyses both sides as enforced in Cilium's default mode, so those paths are not among the ones reported",
    );
    expect(checkRun(report).conclusion).toBe('neutral');
    expect(targetsText(report)).toContain(`Note: ${notice.message}.`);
    // Head enforces: no note on what the paths mean.
    expect(notes(report)).toEqual([]);
  });

  it('each direction says what it does; a change that keeps the enforcement says nothing', async () => {
    const step = async (from: string, to: string) => outside(await analyzeTargets(list(plain(from)), list(plain(to)))).map((n) => n.message.replace(/^.*ConfigMap kube-system\/cilium-config\): /, '').replace(/\. reachdiff.*$/, ''));
    expect(await step('', '  enable-policy: never\n')).toEqual(['Cilium then drops nothing: every path its policies deny opens']);
    expect(await step('  enable-policy: default\n', '  enable-policy: always\n')).toEqual(['every pod becomes default-deny both ways, even one no policy selects: the paths of such pods close']);
    expect(await step('  enable-policy: always\n', '')).toEqual(['a pod no policy selects is open again: the paths of such pods open']);
    expect(await step('  policy-audit-mode: "true"\n', '  enable-policy: always\n')).toEqual(['Cilium dropped nothing and now makes every pod default-deny, selected by a policy or not: every path no policy allows closes']);
    expect(await step('  policy-audit-mode: "false"\n', '')).toEqual([]);
    expect(await step('  enable-policy: never\n', '  enable-policy: never\n  policy-audit-mode: "true"\n')).toEqual([]);
  });

  it("the values file a kustomization's cilium helmCharts entry names: the Cilium note beside the chart's own", async () => {
    const repo = (audit: string): Files => ({
      'apps/app.yaml': app,
      'apps/policy.yaml': cnp,
      'infra/cilium/kustomization.yaml': 'helmCharts:\n  - name: cilium\n    repo: https://helm.cilium.example\n    version: 1.19.0\n    releaseName: cilium\n    namespace: kube-system\n    valuesFile: settings.yaml\n',
      'infra/cilium/settings.yaml': `ipam:\n  mode: kubernetes\n# Network Policy Audit Mode\npolicyAuditMode: ${audit}\n`,
    });
    const report = await analyzeTargets(list(repo('false')), list(repo('true')));
    const cilium = outside(report).filter((n) => n.message.includes("Cilium's policy enforcement"));
    expect(cilium.map((n) => [n.ref, n.message.replace(/\. reachdiff.*$/, '')])).toEqual([
      [{ file: 'infra/cilium/settings.yaml', line: 4 }, "Not analysed: Cilium's policy enforcement changes in infra/cilium/settings.yaml (policyAuditMode false → true, Helm values of the cilium chart): Cilium then drops nothing: every path its policies deny opens"],
    ]);
    expect(outside(report).some((n) => n.message.startsWith('Not analysed: the Helm charts of infra/cilium/kustomization.yaml'))).toBe(true);
    // Head runs in audit mode: what the paths mean.
    expect(notes(report).map((n) => [n.ref, n.message])).toEqual([
      [{ file: 'infra/cilium/settings.yaml', line: 4 }, 'Cilium enforces no policy here (policyAuditMode: true, Helm values of the cilium chart): it drops nothing yet. The paths reported are what the policies do once enforced'],
    ]);
  });
});

describe('a head that does not run in the default mode', () => {
  it('audit mode, never, always: a note on every pull request; the default mode none', async () => {
    const note = async (data: string) => notes(await analyzeTargets(list(plain(data)), list({ ...plain(data), 'deploy/app.yaml': `${app}# tidy\n` }))).map((n) => n.message);
    expect(await note('  enable-policy: never\n')).toEqual(['Cilium enforces no policy here (enable-policy: never, ConfigMap kube-system/cilium-config): it drops nothing yet. The paths reported are what the policies do once enforced']);
    expect(await note('  enable-policy: always\n')).toEqual([
      "Cilium enforces policy on every pod here (enable-policy: always, ConfigMap kube-system/cilium-config): a pod no policy selects is default-deny both ways. reachdiff analyses Cilium's default mode, where such a pod is open: paths from or to pods no policy selects are reported as allowed, which this cluster drops",
    ]);
    expect(await note('  enable-policy: default\n  policy-audit-mode: "false"\n')).toEqual([]);
  });
});

/**
 * `enable-non-default-deny-policies` (Helm `enableNonDefaultDenyPolicies`, default true): set false, Cilium
 * ignores a policy's `enableDefaultDeny: false` and the policy isolates the pods it selects (Cilium pkg/policy,
 * the rule's default-deny evaluation). reachdiff reads the field as written: a change of the setting is not
 * analysed, and a head that sets it false beside a policy writing enableDefaultDeny gets a note.
 */
describe('enableNonDefaultDenyPolicies', () => {
  const audit = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: api-world, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: api}}\n  enableDefaultDeny: {egress: false}\n  egress:\n    - toEntities: [world]\n';
  const withAudit = (data: string): Files => ({ ...plain(data), 'deploy/audit.yaml': audit });

  it('is read from the ConfigMap and from the Helm values, at its line', () => {
    expect(brief(ciliumSettings('c.yaml', configMap('  enable-non-default-deny-policies: "false"\n'), false))).toEqual(['nonDefaultDeny enable-non-default-deny-policies=false c.yaml:8 (ConfigMap kube-system/cilium-config)']);
    const release = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: cilium, namespace: kube-system}\nspec:\n  chart:\n    spec: {chart: cilium, sourceRef: {kind: HelmRepository, name: cilium}}\n  values:\n    enableNonDefaultDenyPolicies: false\n';
    expect(brief(ciliumSettings('hr.yaml', release, false))).toEqual(['nonDefaultDeny enableNonDefaultDenyPolicies=false hr.yaml:8 (values of Flux HelmRelease kube-system/cilium)']);
    // It does not change what Cilium enforces.
    expect(enforcementOf(ciliumSettings('c.yaml', configMap('  enable-non-default-deny-policies: "false"\n'), false)).enforcement).toBe('default');
  });

  it('turned off: not analysed, at the key (it read No change)', async () => {
    const report = await analyzeTargets(list(withAudit('')), list(withAudit('  enable-non-default-deny-policies: "false"\n')));
    expect(report.counts).toEqual({ opened: 0, closed: 0, errors: 0 });
    expect(outside(report).map((n) => [n.ref, n.message])).toEqual([
      [
        { file: 'deploy/cilium-config.yaml', line: 8 },
        "Not analysed: Cilium's reading of enableDefaultDeny changes in deploy/cilium-config.yaml (enable-non-default-deny-policies unset → false, ConfigMap kube-system/cilium-config): Cilium now ignores enableDefaultDeny: false: a policy that sets it makes the pods it selects default-deny, and the paths it does not allow close. reachdiff reads enableDefaultDeny as written on both sides, so those paths are not among the ones reported",
      ],
    ]);
    expect(checkRun(report).conclusion).toBe('neutral');
    // Turned back on: said the other way; true and unset are alike.
    const back = outside(await analyzeTargets(list(withAudit('  enable-non-default-deny-policies: "false"\n')), list(withAudit('  enable-non-default-deny-policies: "true"\n'))));
    expect(back.map((n) => n.message.replace(/\. reachdiff.*$/, ''))).toEqual([
      "Not analysed: Cilium's reading of enableDefaultDeny changes in deploy/cilium-config.yaml (enable-non-default-deny-policies false → true, ConfigMap kube-system/cilium-config): Cilium now honours enableDefaultDeny: false: a policy that sets it no longer makes the pods it selects default-deny, and the paths only its isolation denied open",
    ]);
    expect(outside(await analyzeTargets(list(withAudit('')), list(withAudit('  enable-non-default-deny-policies: "true"\n'))))).toEqual([]);
  });

  it('off in head: a note when a policy writes enableDefaultDeny, none otherwise', async () => {
    const data = '  enable-non-default-deny-policies: "false"\n';
    const touched = (f: Files): Files => ({ ...f, 'deploy/app.yaml': `${app}# tidy\n` });
    const report = await analyzeTargets(list(withAudit(data)), list(touched(withAudit(data))));
    expect(notes(report).map((n) => [n.ref, n.message])).toEqual([
      [
        { file: 'deploy/cilium-config.yaml', line: 8 },
        'Cilium ignores enableDefaultDeny: false here (enable-non-default-deny-policies: false, ConfigMap kube-system/cilium-config): a policy that sets it makes the pods it selects default-deny as any other policy does. reachdiff reads such a policy as isolating nobody: paths of pods only such policies select are reported as allowed where this cluster drops what no policy allows',
      ],
    ]);
    expect(notes(await analyzeTargets(list(plain(data)), list(touched(plain(data)))))).toEqual([]);
  });
});
