/**
 * An object head edits so that the API server rejects it (fresh-user trial 27, problem 7): the sync
 * fails on it and the live cluster keeps base's version (Argo CD fails that resource, Flux the whole
 * Kustomization). Head is analysed with base's version: no "removed … closes", the error says the
 * cluster keeps base's, at the line that is wrong, and the check still fails. An object only head has
 * stays absent.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffText } from '../../src/report/diff-text.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { targetsText } from '../../src/report/targets-text.js';
import { main } from '../../src/cli/main.js';
import { explainDiffFiles } from '../../src/analysis/explain-run.js';
import { explainDiffText } from '../../src/report/explain-text.js';
import { peerLabels } from '../../src/report/peer-label.js';
import { tempFolder } from '../helpers/git.js';

const pods = {
  path: 'a.yaml',
  text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p1, namespace: web, labels: {app: p}}\nspec: {containers: [{name: c, image: i}]}\n',
};
const policy = (tail: string, name = 'deny') => ({
  path: `${name}.yaml`,
  text: `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: web\nspec:\n  podSelector: {}\n${tail}`,
});
const deny = policy('  policyTypes: [Ingress]\n');
// Line 12 is the protocol HTTP, which the API server rejects.
const invalid = policy('  policyTypes: [Ingress]\n  ingress:\n    - ports:\n        - port: 80\n          protocol: HTTP\n');

describe('a policy head edits so that the API server rejects it', () => {
  const report = analyzeDiff([pods, deny], [pods, invalid]);

  it('opens and closes nothing: the cluster keeps base\'s version', () => {
    expect(report.counts).toMatchObject({ opened: 0, closed: 0 });
    expect(diffText(report)).not.toMatch(/removed|opens|closes/);
  });

  it('says so among the errors, naming the wrong line and base\'s version, and the errors still fail the check', () => {
    const messages = report.errors.introduced.map((d) => `${d.ref.file}:${d.ref.line}: ${d.message}`);
    expect(messages).toContain("deny.yaml:1: NetworkPolicy web/deny: head's version would be rejected by the API server (deny.yaml:12), so the sync fails on it and the cluster keeps base's version (base:deny.yaml:1); analysed with base's");
    expect(messages.some((m) => m.includes('it is not applied'))).toBe(false);
    expect(report.counts.errors).toBeGreaterThan(0);
  });

  it('the rollback reverts what opens paths, never the rejected edit (it changes no path)', () => {
    const allowAll = policy('  policyTypes: [Ingress]\n  ingress: [{}]\n', 'allow-all');
    const r = analyzeDiff([pods, deny], [pods, invalid, allowAll]);
    expect(r.counts.opened).toBeGreaterThan(0);
    expect(r.rollback.documents.map((d) => d.key)).toEqual(['NetworkPolicy/web/allow-all']);
  });
});

describe('diff --explain of a pair a rejected edit would decide', () => {
  it('the change does nothing to it', () => {
    const second = { path: 'b.yaml', text: pods.text.replace('p1', 'p2').replace('app: p', 'app: q') };
    const r = explainDiffFiles([pods, second, deny], [pods, second, invalid], { from: 'web/p2', to: 'web/p1', ports: [] });
    if (!r.ok) throw new Error(r.message);
    expect(explainDiffText(r.value, peerLabels(r.value.workloads)).split('\n')[0]).toBe('web/p2 => web/p1: no change');
  });
});

describe('a policy only head has, which the API server rejects', () => {
  it('stays absent, with the loader\'s error (nothing to keep)', () => {
    const report = analyzeDiff([pods], [pods, invalid]);
    expect(report.counts).toMatchObject({ opened: 0, closed: 0 });
    expect(report.errors.introduced.map((d) => d.message)).toContain('NetworkPolicy web/deny would be rejected by the API server; it is not applied');
  });
});

describe('a workload head edits so that the API server rejects it', () => {
  const deployment = (labels: string, ports: string) => ({
    path: 'api.yaml',
    text: `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: web}\nspec:\n  selector: {matchLabels: {app: p}}\n  template:\n    metadata: {labels: {${labels}}}\n    spec:\n      containers:\n        - name: c\n          image: i\n          ports: [${ports}]\n`,
  });
  const isolate = policy('  podSelector: {matchLabels: {app: p}}\n  policyTypes: [Ingress]\n', 'isolate');
  const isolateText = { ...isolate, text: isolate.text.replace('  podSelector: {}\n', '') };

  it('keeps base\'s workload: its new labels and its bad port are not what runs', () => {
    const base = [pods, isolateText, deployment('app: p', '{containerPort: 8080}')];
    const head = [pods, isolateText, deployment('app: q', '{containerPort: 8080}, {containerPort: 70000}')];
    const report = analyzeDiff(base, head);
    expect(report.counts).toMatchObject({ opened: 0, closed: 0 });
    const kept = report.errors.introduced.find((d) => d.message.startsWith('Deployment web/api:'));
    expect(kept?.message).toBe("Deployment web/api: head's version would be rejected by the API server (api.yaml:12), so the sync fails on it and the cluster keeps base's version (base:api.yaml:1); analysed with base's");
    // Its own error stays, once.
    expect(report.errors.introduced.filter((d) => d.code === 'PORT_OUT_OF_RANGE')).toHaveLength(1);
  });

  it('a valid edit of the same workload is analysed as head has it', () => {
    const base = [pods, isolateText, deployment('app: p', '{containerPort: 8080}')];
    const head = [pods, isolateText, deployment('app: q', '{containerPort: 8080}')];
    expect(analyzeDiff(base, head).counts.opened).toBeGreaterThan(0);
  });
});

describe('a workload head moves to an apiVersion the API server does not serve (new-user trial 39)', () => {
  // `apps/v1beta2` is refused by kubectl ("no matches for kind"): the live Deployment stays as base deployed it.
  const deployment = (apiVersion: string) => ({
    path: 'api.yaml',
    text: `apiVersion: ${apiVersion}\nkind: Deployment\nmetadata: {name: api, namespace: web}\nspec:\n  selector: {matchLabels: {app: p}}\n  template:\n    metadata: {labels: {app: p}}\n    spec: {containers: [{name: c, image: i}]}\n`,
  });

  it('keeps base\'s workload: nothing is removed, opened or closed, and the error says the cluster keeps base\'s version', () => {
    const report = analyzeDiff([pods, deny, deployment('apps/v1')], [pods, deny, deployment('apps/v1beta2')]);
    expect(report.counts).toMatchObject({ opened: 0, closed: 0 });
    expect(diffText(report)).not.toMatch(/[Rr]emoved|opens|closes/);
    const messages = report.errors.introduced.map((d) => `${d.ref.file}:${d.ref.line}: ${d.message}`);
    expect(messages).toContain('api.yaml:1: Deployment of apiVersion apps/v1beta2: the API server serves Deployment only as apps/v1, so kubectl refuses it; ignored');
    expect(messages).toContain("api.yaml:1: Deployment web/api: head's version would be rejected by the API server, so the sync fails on it and the cluster keeps base's version (base:api.yaml:1); analysed with base's");
    expect(report.counts.errors).toBeGreaterThan(0);
  });

  it('a Deployment only head has, under such an apiVersion, stays absent', () => {
    const report = analyzeDiff([pods, deny], [pods, deny, deployment('apps/v1beta2')]);
    expect(report.added).toEqual([]);
    expect(report.counts.errors).toBeGreaterThan(0);
  });
});

describe('a policy head moves to an apiVersion of networking that the API server does not serve (new-user trial 39)', () => {
  const moved = { ...deny, text: deny.text.replace('networking.k8s.io/v1', 'networking/v1') };

  it('keeps base\'s policy, and the error fails the check: not "NetworkPolicy web/deny was removed" and a warning', () => {
    const report = analyzeDiff([pods, deny], [pods, moved]);
    expect(report.counts).toMatchObject({ opened: 0, closed: 0 });
    expect(diffText(report)).not.toMatch(/removed|opens|closes|another apiVersion/);
    const messages = report.errors.introduced.map((d) => `${d.ref.file}:${d.ref.line}: ${d.message}`);
    expect(messages).toContain('deny.yaml:1: NetworkPolicy of apiVersion networking/v1: the API server serves NetworkPolicy only as networking.k8s.io/v1, so kubectl refuses it; ignored');
    expect(report.counts.errors).toBeGreaterThan(0);
  });
});

describe('a policy whose kind head misspells (kubectl refuses it: "no matches for kind")', () => {
  const misspelt = { ...deny, text: deny.text.replace('kind: NetworkPolicy', 'kind: NetworkPolicie') };

  it('keeps base\'s policy, and the error fails the check: not "NetworkPolicy web/deny was removed" and a warning', () => {
    const report = analyzeDiff([pods, deny], [pods, misspelt]);
    expect(report.counts).toMatchObject({ opened: 0, closed: 0 });
    expect(diffText(report)).not.toMatch(/removed|opens|closes/);
    const messages = report.errors.introduced.map((d) => `${d.ref.file}:${d.ref.line}: ${d.message}`);
    expect(messages).toContain('deny.yaml:2: kind "NetworkPolicie" is not a kind of networking.k8s.io/v1: did you mean NetworkPolicy? kubectl refuses it; ignored');
    expect(messages).toContain("deny.yaml:1: NetworkPolicy web/deny: head's version would be rejected by the API server (deny.yaml:2), so the sync fails on it and the cluster keeps base's version (base:deny.yaml:1); analysed with base's");
    expect(report.counts.errors).toBeGreaterThan(0);
  });

  it('one only head has stays absent, and its error still fails the check', () => {
    const report = analyzeDiff([pods], [pods, misspelt]);
    expect(report.counts).toMatchObject({ opened: 0, closed: 0 });
    expect(report.counts.errors).toBeGreaterThan(0);
  });
});

describe('a rejected edit of a policy two Kustomize overlays build', () => {
  const kustomization = (ns: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ${ns}\nresources:\n  - ../../base\n`;
  const tree = (netpol: string) => ({
    'base/kustomization.yaml': 'resources:\n  - pod.yaml\n  - netpol.yaml\n',
    'base/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: p1, labels: {app: p}}\nspec: {containers: [{name: c, image: i}]}\n',
    'base/netpol.yaml': netpol,
    'overlays/prod/kustomization.yaml': kustomization('shop-prod'),
    'overlays/staging/kustomization.yaml': kustomization('shop-staging'),
  });
  const valid = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
  const broken = valid.replace('  policyTypes: [Ingress]\n', '  policyTypes: [Ingress]\n  ingress:\n    - form: []\n');
  const files = (t: Record<string, string>) => Object.entries(t).map(([path, text]) => ({ path, text }));

  it('each overlay keeps base\'s version, said once per object, and the errors are listed once', async () => {
    const report = await analyzeTargets(files(tree(valid)), files(tree(broken)));
    expect(report.counts).toMatchObject({ opened: 0, closed: 0 });
    const kept = report.combined.errors.introduced.filter((d) => d.message.includes("head's version would be rejected"));
    expect(kept.map((d) => d.message.split(':')[0]).sort()).toEqual(['NetworkPolicy shop-prod/deny', 'NetworkPolicy shop-staging/deny']);
    const text = targetsText(report, { changedFiles: report.changedFiles });
    expect(text).not.toMatch(/removed|closes|opens/);
    expect(text).not.toContain('New warnings');
    expect(text.split('unknown field `spec.ingress[0].form`').length - 1).toBe(2);
  });

  it('the CLI fails the check (exit 1) and names the line', async () => {
    const [before, after] = await Promise.all([tempFolder(tree(valid)), tempFolder(tree(broken))]);
    const out = await main(['diff', before, after]);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toContain("NetworkPolicy shop-prod/deny: head's version would be rejected by the API server (base/netpol.yaml:8)");
    expect(out.stdout).not.toMatch(/removed|New warnings/);
  });
});
