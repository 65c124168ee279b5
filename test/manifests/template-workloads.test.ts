/**
 * Argo Rollouts and OpenKruise workloads are read as workloads (manifests/kinds/template-workloads.ts):
 * their pods' labels and named ports from `spec.template`; a Rollout's `spec.workloadRef` runs the
 * referenced Deployment's template, and the Deployment scaled down by it is not a second set of pods.
 * Kustomize labels reach a Rollout's pod template as `kubectl kustomize` (v5) does: never, since its
 * builtin field specs name only built-in kinds (compared with kubectl where it is on the PATH).
 */
import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { computeConnectivity } from '../../src/engine/index.js';
import { DEFAULT_FINDINGS_CONFIG, commitFindings } from '../../src/findings/index.js';
import { loadManifests } from '../../src/manifests/load.js';
import { operatorResource } from '../../src/manifests/operator-pod-kinds.js';
import { hasKubectl } from '../../src/tools/kustomize-compare.js';
import { tempFolderSync } from '../helpers/git.js';

const template = (app: string) => `  template:\n    metadata: {labels: {app: ${app}}}\n    spec:\n      containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 8080}]}]\n`;
const rollout = (extra: string) => `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n${extra}`;
const deployment = (replicas: number) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: web}}\n${template('web')}`;
const ref = (scaleDown = '') => `  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web${scaleDown ? `, scaleDown: ${scaleDown}` : ''}}\n`;
const load = (files: Record<string, string>) => loadManifests(Object.entries(files).map(([path, text]) => ({ path, text })));
const workloads = (files: Record<string, string>) => Object.fromEntries(load(files).cluster.workloads.map((w) => [w.id, { labels: { ...w.podLabels }, ports: w.namedPorts.map((p) => p.name), line: `${w.ref.file}:${w.ref.line}` }]));

describe('custom resources with a pod template are workloads', () => {
  it('a Rollout with spec.template: its labels, named ports and position', () => {
    expect(workloads({ 'rollout.yaml': rollout(template('web')) })).toEqual({ 'shop/web[Rollout]': { labels: { app: 'web' }, ports: ['http'], line: 'rollout.yaml:1' } });
  });

  it("OpenKruise CloneSet, StatefulSet and DaemonSet, the latter two under kinds of their own; another group's Rollout is not read", () => {
    const kruise = (kind: string, name: string) => `apiVersion: apps.kruise.io/v1beta1\nkind: ${kind}\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n${template(name)}`;
    const other = 'apiVersion: example.com/v1\nkind: Rollout\nmetadata: {name: other, namespace: shop}\nspec:\n' + template('other');
    const read = workloads({ 'k.yaml': [kruise('CloneSet', 'cs'), kruise('StatefulSet', 'ss'), kruise('DaemonSet', 'ds'), other].join('---\n') });
    expect(Object.keys(read).sort()).toEqual(['shop/cs[CloneSet]', 'shop/ds[AdvancedDaemonSet]', 'shop/ss[AdvancedStatefulSet]']);
    expect(read['shop/ss[AdvancedStatefulSet]']).toEqual({ labels: { app: 'ss' }, ports: ['http'], line: 'k.yaml:11' });
  });

  it('OpenKruise BroadcastJob and AdvancedCronJob (a Job or a BroadcastJob template): the pods they make, as a CronJob\'s', () => {
    const pod = (app: string) => `metadata: {labels: {app: ${app}}}\nspec:\n  hostNetwork: true\n  containers: [{name: c, image: busybox, ports: [{name: http, containerPort: 8080}]}]\n`;
    const indent = (text: string, n: number) => text.split('\n').map((l) => (l ? ' '.repeat(n) + l : l)).join('\n');
    const head = (kind: string, name: string) => `apiVersion: apps.kruise.io/v1alpha1\nkind: ${kind}\nmetadata: {name: ${name}, namespace: shop}\nspec:\n`;
    const broadcast = `${head('BroadcastJob', 'warm')}  template:\n${indent(pod('warm'), 4)}`;
    const cronJob = `${head('AdvancedCronJob', 'nightly')}  schedule: '0 1 * * *'\n  template:\n    jobTemplate:\n      spec:\n        template:\n${indent(pod('nightly'), 10)}`;
    const cronBroadcast = `${head('AdvancedCronJob', 'sweep')}  schedule: '0 2 * * *'\n  template:\n    broadcastJobTemplate:\n      spec:\n        template:\n${indent(pod('sweep'), 10)}`;
    const loaded = load({ 'k.yaml': [broadcast, cronJob, cronBroadcast].join('---\n') });
    expect(Object.fromEntries(loaded.cluster.workloads.map((w) => [w.id, [{ ...w.podLabels }, w.namedPorts.map((p) => p.name), w.ref.line]]))).toEqual({
      'shop/warm[BroadcastJob]': [{ app: 'warm' }, ['http'], 1],
      'shop/nightly[AdvancedCronJob]': [{ app: 'nightly' }, ['http'], 11],
      'shop/sweep[AdvancedCronJob]': [{ app: 'sweep' }, ['http'], 25],
    });
    expect([...(loaded.hostNetwork ?? [])].sort()).toEqual(['shop/nightly[AdvancedCronJob]', 'shop/sweep[AdvancedCronJob]', 'shop/warm[BroadcastJob]']);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('workloadRef: the Rollout runs the Deployment template; a Deployment at 0 replicas is not a second set of pods', () => {
    // In another file, after the Rollout: resolved once every document is read.
    expect(workloads({ 'rollout.yaml': rollout(ref()), 'deploy.yaml': deployment(0) })).toEqual({ 'shop/web[Rollout]': { labels: { app: 'web' }, ports: ['http'], line: 'rollout.yaml:1' } });
    expect(Object.keys(workloads({ 'rollout.yaml': rollout(ref('progressively')), 'deploy.yaml': deployment(2) }))).toEqual(['shop/web[Rollout]']);
    // scaleDown never (the default) with replicas: both run.
    expect(Object.keys(workloads({ 'rollout.yaml': rollout(ref()), 'deploy.yaml': deployment(2) })).sort()).toEqual(['shop/web[Deployment]', 'shop/web[Rollout]']);
  });

  it("workloadRef: the Rollout's pods use the referenced template's hostNetwork, said as for the Deployment", () => {
    const host = deployment(0).replace('    spec:\n      containers', '    spec:\n      hostNetwork: true\n      containers');
    const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-in, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n';
    const loaded = load({ 'rollout.yaml': rollout(ref()), 'deploy.yaml': host, 'policy.yaml': policy });
    expect(loaded.cluster.workloads.map((w) => w.id)).toEqual(['shop/web[Rollout]']);
    expect([...(loaded.hostNetwork ?? [])].sort()).toEqual(['shop/web[Deployment]', 'shop/web[Rollout]']);
    expect(loaded.diagnostics.filter((d) => d.code === 'HOST_NETWORK').map((d) => [d.message.slice(0, d.message.indexOf(':')), `${d.ref.file}:${d.ref.line}`])).toEqual([
      ['shop/web[Rollout] uses hostNetwork and is selected by NetworkPolicy shop/web-in', 'rollout.yaml:1'],
    ]);
  });

  it('workloadRef naming a Deployment the manifests lack: the Rollout is left out, said at its line', () => {
    const loaded = load({ 'rollout.yaml': rollout(ref()) });
    expect(loaded.cluster.workloads).toEqual([]);
    expect(loaded.diagnostics.filter((d) => d.code === 'UNSUPPORTED_FIELD').map((d) => [d.message, d.ref.line])).toEqual([
      ["Rollout shop/web: spec.workloadRef names Deployment shop/web, which the manifests do not define; the Rollout's pods are not analysed", 1],
    ]);
  });

  it("a Rollout's pods are read, not expected: a policy selecting none of them in its namespace selects nothing", () => {
    const typo = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: webb-in, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: webb}}\n  policyTypes: [Ingress]\n';
    const loaded = load({ 'rollout.yaml': rollout(template('web')), 'policy.yaml': typo });
    const findings = commitFindings({ conn: computeConnectivity(loaded.cluster), diagnostics: loaded.diagnostics, config: DEFAULT_FINDINGS_CONFIG });
    expect(findings.filter((f) => f.code === 'POLICY_SELECTS_NOTHING').length).toBe(1);
  });

  it('a Rollout is no operator resource: read as a workload before the operator-pod reading, and not listed there', () => {
    // A value starting with the resource's name and a dash may mean an operator's pods (findings/operator-pods.ts);
    // a Rollout's pods are read, so a policy for app=web-preview, which none carries, is still said to select nothing.
    const preview = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: preview-in, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web-preview}}\n  policyTypes: [Ingress]\n';
    const loaded = load({ 'rollout.yaml': rollout(template('web')), 'policy.yaml': preview });
    expect(loaded.cluster.workloads.map((w) => w.id)).toEqual(['shop/web[Rollout]']);
    expect(loaded.cluster.operatorResources ?? []).toEqual([]);
    const findings = commitFindings({ conn: computeConnectivity(loaded.cluster), diagnostics: loaded.diagnostics, config: DEFAULT_FINDINGS_CONFIG });
    expect(findings.filter((f) => f.code === 'POLICY_SELECTS_NOTHING').length).toBe(1);
    // The operator-pod list itself names no Rollout (a dead entry there would read one whose template failed to load as expected pods).
    const parsed = parseAllDocuments(rollout(template('web')))[0]?.toJS() as Record<string, unknown>;
    expect(operatorResource(parsed as Parameters<typeof operatorResource>[0], 'shop')).toBeUndefined();
  });

  it('Kustomize labels with includeSelectors and commonLabels leave a Rollout pod template as kubectl kustomize does', () => {
    const files = {
      'app/kustomization.yaml': 'resources: [rollout.yaml]\ncommonLabels: {tier: b}\nlabels:\n- pairs: {team: a}\n  includeSelectors: true\n',
      'app/rollout.yaml': rollout(template('web')),
    };
    expect(workloads(files)['shop/web[Rollout]']?.labels).toEqual({ app: 'web' });
    if (!hasKubectl()) return;
    const out = spawnSync('kubectl', ['kustomize', `${tempFolderSync(files)}/app`], { encoding: 'utf8' });
    const objects = parseAllDocuments(out.stdout).map((d) => d.toJS() as { metadata: { labels: unknown }; spec: { template: { metadata: { labels: unknown } } } });
    expect(objects.map((o) => [o.metadata.labels, o.spec.template.metadata.labels])).toEqual([[{ team: 'a', tier: 'b' }, { app: 'web' }]]);
  });
});
