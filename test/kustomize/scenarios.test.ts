/**
 * Kustomize scenarios through `diff`: the objects are rendered the way they deploy, why points at the
 * source line responsible (resource, patch, component), and the rollback reverts source documents so
 * that `git apply` on head and a re-render close the opened paths.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { DiffReport } from '../../src/analysis/types.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { diffText } from '../../src/report/diff-text.js';
import { patchedFiles } from '../helpers/git.js';
import { asManifestFiles, fileSet } from './files.js';
import { clientPolicy } from '../helpers/clusters.js';

const name = (p: DiffReport['pairs'][number]['src']) => (p.type === 'workload' ? p.workload.id : p.type === 'ingress-controller' ? '{ingress-controller}' : p.type);
// Rendering is checked on the workloads; abstract peers (pods the manifests do not hold) have their own tests.
const concrete = (r: DiffReport) => r.pairs.filter((p) => p.src.type !== 'pods' && p.dst.type !== 'pods');
const openedPairs = (r: DiffReport) => concrete(r).filter((p) => p.opened).map((p) => `${name(p.src)} => ${name(p.dst)} : ${p.opened!.toText()}`);
const closedPairs = (r: DiffReport) => concrete(r).filter((p) => p.closed).map((p) => `${name(p.src)} => ${name(p.dst)} : ${p.closed!.toText()}`);
const refs = (reasons: readonly { kind: string; ref?: { file: string; line: number } }[]) => reasons.flatMap((r) => (r.ref ? [`${r.kind} ${r.ref.file}:${r.ref.line}`] : [r.kind]));

const deployment = (n: string, labels: string, port?: number) => `
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: ${n}
  spec:
    selector:
      matchLabels: {${labels}}
    template:
      metadata:
        labels: {${labels}}
      spec:
        containers:
          - name: main
            image: registry.example/${n}:1${port ? `\n            ports:\n              - containerPort: ${port}` : ''}
`;

const files = (f: Record<string, string>): ManifestFile[] => asManifestFiles(fileSet(f));

const applyRollback = (head: ManifestFile[], report: DiffReport): Promise<ManifestFile[]> => patchedFiles(head, report.rollback.patch);

describe('a namespace set by the kustomization', () => {
  const common = {
    'kubeflow/app.yaml': deployment('notebook', 'app: web', 8888) + '---' + deployment('client', 'app: client'),
    'kubeflow/policy.yaml': clientPolicy('web-from-client', 'web'),
    'plain/other.yaml': deployment('web', 'app: web', 80),
  };
  const base = files({ ...common, 'kubeflow/kustomization.yaml': 'namespace: kubeflow\nresources:\n  - app.yaml\n' });
  const head = files({ ...common, 'kubeflow/kustomization.yaml': 'namespace: kubeflow\nresources:\n  - app.yaml\n  - policy.yaml\n' });

  it('puts the policy in the kustomization namespace, where it selects only that namespace\'s pods', () => {
    const report = analyzeDiff(base, head);
    expect(openedPairs(report)).toEqual([]);
    // The client in kubeflow keeps its access; default/web, with the same labels, is neither selected nor a peer.
    expect(closedPairs(report)).toEqual([
      'default/web[Deployment] => kubeflow/notebook[Deployment] : All Connections',
      'kubeflow/notebook[Deployment] => kubeflow/notebook[Deployment] : All Connections',
      'external => kubeflow/notebook[Deployment] : All Connections',
    ]);
  });

  it('an unlisted file in a kustomization folder is not applied (base has no isolation at all)', () => {
    const report = analyzeDiff(base, base);
    expect(report.pairs).toEqual([]);
    const why = analyzeDiff(base, head).pairs.find((p) => name(p.dst) === 'kubeflow/notebook[Deployment]' && name(p.src) === 'default/web[Deployment]');
    // Cited at the line the change edits, the entry that lists the untouched file (analysis/edited-objects.ts).
    expect(refs(why!.whyClosed)).toContain('isolated-by kubeflow/kustomization.yaml:4');
  });
});

describe('an opt-in component', () => {
  const common = {
    'app/base/kustomization.yaml': 'resources:\n  - app.yaml\n',
    'app/base/app.yaml': deployment('api', 'app: api', 8080) + '---' + deployment('client', 'app: client'),
    'components/lockdown/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - deny-ingress.yaml\n',
    'components/lockdown/deny-ingress.yaml': `
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata:
        name: deny-ingress
      spec:
        podSelector: {}
        policyTypes: [Ingress]
    `,
  };
  const base = files({ ...common, 'overlays/prod/kustomization.yaml': 'namespace: prod\nresources:\n  - ../../app/base\n' });
  const head = files({ ...common, 'overlays/prod/kustomization.yaml': 'namespace: prod\nresources:\n  - ../../app/base\ncomponents:\n  - ../../components/lockdown\n' });

  it('is not applied while no overlay lists it: base is wide open, no false assurance', () => {
    const report = analyzeDiff(base, base);
    expect(report.pairs).toEqual([]);
    expect(analyzeDiff(base, head).warnings.base).toEqual([]);
  });

  it('once listed, closes every path into the overlay, and why names the component\'s policy', () => {
    const report = analyzeDiff(base, head);
    expect(openedPairs(report)).toEqual([]);
    expect(closedPairs(report)).toEqual([
      'prod/api[Deployment] => prod/api[Deployment] : All Connections',
      'prod/api[Deployment] => prod/client[Deployment] : All Connections',
      'prod/client[Deployment] => prod/api[Deployment] : All Connections',
      'prod/client[Deployment] => prod/client[Deployment] : All Connections',
      'external => prod/api[Deployment] : All Connections',
      'external => prod/client[Deployment] : All Connections',
    ]);
    // The policy by name, at the line the change edits: the components entry (the component's file is untouched).
    expect(refs(report.pairs[0].whyClosed)).toContain('isolated-by overlays/prod/kustomization.yaml:5');
    expect(report.changes.map((c) => `${c.change} ${c.key}`)).toEqual(['edited Kustomization overlays/prod/kustomization.yaml']);
  });

  it('removing the component from head opens the paths again; the rollback restores its inclusion', async () => {
    const report = analyzeDiff(head, base);
    expect(openedPairs(report)).toHaveLength(6);
    expect(report.rollback.documents.map((d) => `${d.change} ${d.key}`)).toEqual(['edited Kustomization overlays/prod/kustomization.yaml']);
    expect(report.rollback.hunks).toEqual([{ file: 'overlays/prod/kustomization.yaml', startLine: 3, endLine: 3, replacement: '  - ../../app/base\ncomponents:\n  - ../../components/lockdown', documentKey: 'Kustomization overlays/prod/kustomization.yaml' }]);
    const after = analyzeDiff(head, await applyRollback(base, report));
    expect(after.counts.opened).toBe(0);
  });
});

describe('a $patch: delete of a Deployment', () => {
  const common = {
    'base/kustomization.yaml': 'resources:\n  - apps.yaml\n',
    'base/apps.yaml': deployment('api', 'app: api', 8080) + '---' + deployment('worker', 'app: worker'),
    'prod/delete-worker.yaml': '$patch: delete\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker\n',
  };
  const base = files({ ...common, 'prod/kustomization.yaml': 'namespace: prod\nresources:\n  - ../base\n' });
  const head = files({ ...common, 'prod/kustomization.yaml': 'namespace: prod\nresources:\n  - ../base\npatches:\n  - path: delete-worker.yaml\n' });

  it('removes the workload; the patch file is never read as an object', () => {
    const report = analyzeDiff(base, head);
    expect(report.removed.map((w) => w.id)).toEqual(['prod/worker[Deployment]']);
    expect(report.added).toEqual([]);
    expect([...report.warnings.base, ...report.warnings.head]).toEqual([]);
    expect(closedPairs(report).every((p) => p.includes('prod/worker'))).toBe(true);
  });
});

describe('commonLabels', () => {
  const common = {
    'shop/app.yaml': deployment('api', 'app: api', 8080) + '---' + deployment('client', 'app: client'),
    'shop/policy.yaml': clientPolicy('api-from-clients', 'api'),
    // A client deployed by another team, outside the kustomization.
    'monitoring/probe.yaml': deployment('probe', 'app: client').replace('name: probe', 'name: probe\n    namespace: shop'),
  };
  const kustomization = 'namespace: shop\nresources:\n  - app.yaml\n  - policy.yaml\n';
  const base = files({ ...common, 'shop/kustomization.yaml': kustomization });
  const head = files({ ...common, 'shop/kustomization.yaml': `${kustomization}commonLabels:\n  team: shop\n` });

  it('change pod labels and selectors together: inside the kustomization nothing changes, the outside client is cut off', () => {
    const report = analyzeDiff(base, head);
    expect(openedPairs(report)).toEqual([]);
    expect(closedPairs(report)).toEqual(['shop/probe[Deployment] => shop/api[Deployment] : All Connections']);
    // The renderer's KUSTOMIZE_LABEL_NARROWS_PEER is reported as a finding (not repeated among the warnings).
    const narrows = report.findings.filter((f) => f.code === 'COMMON_LABELS_NARROWING');
    expect(narrows.map((d) => `${d.ref.file}:${d.ref.line}`)).toEqual(['shop/policy.yaml:10']);
    expect(narrows[0].message).toMatch(/spec\.ingress\[0\]\.from\[0\]\.podSelector gains team=shop/);
  });
});

describe('a JSON 6902 patch that changes a policy\'s port', () => {
  const common = {
    'base/kustomization.yaml': 'resources:\n  - app.yaml\n  - policy.yaml\n',
    'base/app.yaml': deployment('api', 'app: api', 8080) + '---' + deployment('client', 'app: client'),
    'base/policy.yaml': clientPolicy('api', 'api', 8080),
    'prod/kustomization.yaml': 'namespace: prod\nresources:\n  - ../base\npatches:\n  - target:\n      kind: NetworkPolicy\n      name: api\n    path: policy-port.yaml\n',
  };
  const patch = (port: number) => `- op: add\n  path: /spec/ingress/0/ports/-\n  value:\n    port: ${port}\n`;
  const base = files({ ...common, 'prod/policy-port.yaml': patch(8443) });
  const head = files({ ...common, 'prod/policy-port.yaml': patch(9090) });

  it("opens the new port, why at the operation's value, and the rollback reverts that line", async () => {
    const report = analyzeDiff(base, head);
    expect(openedPairs(report)).toEqual(['prod/client[Deployment] => prod/api[Deployment] : TCP 9090']);
    expect(closedPairs(report)).toEqual(['prod/client[Deployment] => prod/api[Deployment] : TCP 8443']);
    const pair = report.pairs.find((p) => p.opened)!;
    expect(refs(pair.whyOpened)).toContain('allowed-by-rule prod/policy-port.yaml:3');
    expect(report.rollback.documents.map((d) => `${d.change} ${d.key}`)).toEqual(['edited Patch prod/policy-port.yaml']);
    expect(report.rollback.hunks).toEqual([{ file: 'prod/policy-port.yaml', startLine: 4, endLine: 4, replacement: '    port: 8443', documentKey: 'Patch prod/policy-port.yaml' }]);
    const after = analyzeDiff(base, await applyRollback(head, report));
    expect(after.counts.opened).toBe(0);
  });

  it('never picks a revert that breaks the build (deleting a patch file the kustomization names); the file goes with its entry, not left behind', async () => {
    const added = files({ ...common, 'prod/policy-port.yaml': patch(9090) });
    const without = files({ ...common, 'prod/kustomization.yaml': 'namespace: prod\nresources:\n  - ../base\n' });
    const report = analyzeDiff(without, added);
    expect(openedPairs(report)).toEqual(['prod/client[Deployment] => prod/api[Deployment] : TCP 9090']);
    expect(report.rollback.documents.map((d) => `${d.change} ${d.key}`)).toEqual(['edited Kustomization prod/kustomization.yaml', 'added Patch prod/policy-port.yaml']);
    const rolledBack = await applyRollback(added, report);
    expect(rolledBack.map((f) => f.path).sort()).toEqual(without.map((f) => f.path).sort());
    const after = analyzeDiff(without, rolledBack);
    expect(after.counts.opened).toBe(0);
    expect(after.warnings.head.filter((d) => d.code === 'KUSTOMIZE_BUILD_FAILED')).toEqual([]);
  });
});

describe('a replacement that rewrites a policy\'s namespace selector (new-user 37)', () => {
  const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api\nspec:\n  podSelector:\n    matchLabels: {app: api}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: monitoring\n      ports:\n        - port: 8080\n';
  const cluster = (ns: string) =>
    'resources:\n  - ../app\n  - prom.yaml\nconfigMapGenerator:\n  - name: settings\n    namespace: shop\n    literals:\n' +
    `      - monitoring=${ns}\n` +
    '    options:\n      disableNameSuffixHash: true\nreplacements:\n  - source: {kind: ConfigMap, name: settings, fieldPath: data.monitoring}\n    targets:\n      - select: {kind: NetworkPolicy, name: api}\n        fieldPaths:\n          - spec.ingress.0.from.0.namespaceSelector.matchLabels.[kubernetes.io/metadata.name]\n';
  const common = {
    'app/kustomization.yaml': 'namespace: shop\nresources:\n  - app.yaml\n  - policy.yaml\n',
    'app/app.yaml': deployment('api', 'app: api', 8080),
    'app/policy.yaml': policy,
    'cluster/prom.yaml': deployment('prom', 'app: prom').replace('name: prom', 'name: prom\n    namespace: monitoring'),
  };
  const base = files({ ...common, 'cluster/kustomization.yaml': cluster('monitoring') });
  const head = files({ ...common, 'cluster/kustomization.yaml': cluster('observability') });

  it('closes the path, why at the replacement the overlay holds (not the base policy file it rewrote), and the rollback reverts the value', async () => {
    const report = analyzeDiff(base, head);
    expect(closedPairs(report)).toEqual(['monitoring/prom[Deployment] => shop/api[Deployment] : TCP 8080']);
    const pair = report.pairs.find((p) => p.closed && p.src.type === 'workload')!;
    // Line 14: the replacement's target entry (`- select:`), in the kustomization the pull request edits.
    expect(refs(pair.whyClosed)).toEqual(expect.arrayContaining([expect.stringMatching(/ cluster\/kustomization\.yaml:14$/)]));
    expect(refs(pair.whyClosed).filter((r) => r.includes('app/policy.yaml'))).toEqual([]);
    const after = analyzeDiff(base, await applyRollback(head, report));
    expect(after.counts.closed).toBe(0);
  });
});

describe('a strategic merge patch file the overlay adds (new-user 37)', () => {
  const egress = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api\nspec:\n  egress:\n    - to:\n        - ipBlock: {cidr: 0.0.0.0/0}\n      ports:\n        - port: 443\n';
  const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api\nspec:\n  podSelector:\n    matchLabels: {app: api}\n  policyTypes: [Egress]\n';
  const common = {
    'base/kustomization.yaml': 'resources:\n  - app.yaml\n  - policy.yaml\n',
    'base/app.yaml': deployment('api', 'app: api', 8080),
    'base/policy.yaml': policy,
  };
  const base = files({ ...common, 'staging/kustomization.yaml': 'namespace: staging\nnamePrefix: stg-\nresources:\n  - ../base\n' });
  const head = files({ ...common, 'staging/kustomization.yaml': 'namespace: staging\nnamePrefix: stg-\nresources:\n  - ../base\npatches:\n  - path: egress.yaml\n', 'staging/egress.yaml': egress });

  it('the rollback names it as a patch of the policy, never as the policy to delete', () => {
    const report = analyzeDiff(base, head);
    expect(report.counts.opened).toBeGreaterThan(0);
    const text = diffText(report);
    expect(text).toContain('  delete the patch of NetworkPolicy/staging/stg-api (staging/egress.yaml:1) (tidying: no build reads it once the rest is reverted)\n');
    expect(text).not.toMatch(/delete NetworkPolicy/);
    expect(report.rollback.documents.find((d) => d.key.endsWith('staging/egress.yaml'))?.patchOf).toEqual(['NetworkPolicy/staging/stg-api']);
  });
});

describe('an app folder deleted together with the resources entry that included it', () => {
  const web = deployment('web', 'app: web').replace('name: web', 'name: web\n    namespace: shop');
  const ns = { 'ns/kustomization.yaml': 'resources:\n  - ns.yaml\n  - web.yaml\n', 'ns/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n', 'ns/web.yaml': web };
  // The app's policy isolated the namespace's other pods too: deleting it opens paths to web.
  const app = { 'app/kustomization.yaml': 'namespace: shop\nresources:\n  - deny.yaml\n', 'app/deny.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n' };
  const base = files({ ...ns, ...app, 'kustomization.yaml': 'resources:\n  - ns\n  - app\n' });
  const head = files({ ...ns, 'kustomization.yaml': 'resources:\n  - ns\n' });

  it('the rollback restores the entry with the folder: applied to head and rendered again, it closes every opened path', async () => {
    const report = analyzeDiff(base, head);
    expect(openedPairs(report).length).toBeGreaterThan(0);
    // Restoring app/ alone makes it a top-level kustomization that nothing builds: not a rollback.
    expect(report.rollback.documents.map((d) => `${d.change} ${d.key}`).sort()).toEqual(['removed Kustomization app/kustomization.yaml', 'removed NetworkPolicy/deny in app/deny.yaml', 'edited Kustomization kustomization.yaml'].sort());
    expect(report.rollback.remainingOpened).toBe(0);
    const after = analyzeDiff(base, await applyRollback(head, report));
    expect(after.counts.opened).toBe(0);
  });
});

describe('a build that fails on base and head fixes', () => {
  const app = {
    'app/deploy.yaml': deployment('api', 'app: api', 8443),
    'app/policy.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api\nspec:\n  podSelector: {matchLabels: {app: api}}\n  ingress:\n    - ports: [{port: 8443}]\n',
  };
  const base = files({ ...app, 'app/kustomization.yaml': 'namespace: shop\nresources:\n  - crd/\n  - deploy.yaml\n  - policy.yaml\n' });
  const head = files({ ...app, 'app/kustomization.yaml': 'namespace: shop\nresources:\n  - deploy.yaml\n  - policy.yaml\n' });

  it('what head deploys is new: no revert is proposed (it would break the build again), and no text says it closes everything', () => {
    const report = analyzeDiff(base, head);
    expect(openedPairs(report).length).toBeGreaterThan(0);
    expect(report.rollback.documents).toEqual([]);
    expect(report.rollback.notes.join(' ')).toMatch(/reverting the changed documents makes a kustomization build fail, as it fails on base/);
    expect(diffText(report)).not.toMatch(/to close every opened path/);
  });
});

describe('namePrefix with an Ingress backend', () => {
  const common = {
    'base/kustomization.yaml': 'resources:\n  - app.yaml\n',
    'base/app.yaml': `${deployment('web', 'app: web', 8080)}---
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        selector: {app: web}
        ports:
          - port: 80
            targetPort: 8080
    `,
    'prod/ingress.yaml': `
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: web
      spec:
        rules:
          - http:
              paths:
                - path: /
                  pathType: Prefix
                  backend:
                    service:
                      name: web
                      port: {number: 80}
    `,
  };
  const base = files({ ...common, 'prod/kustomization.yaml': 'namePrefix: shop-\nresources:\n  - ../base\n' });
  const head = files({ ...common, 'prod/kustomization.yaml': 'namePrefix: shop-\nresources:\n  - ../base\n  - ingress.yaml\n' });

  it('follows the renamed Service: the ingress controller reaches shop-web on its target port', () => {
    const report = analyzeDiff(base, head);
    expect(openedPairs(report)).toEqual(['{ingress-controller} => default/shop-web[Deployment] : TCP 8080']);
    expect(report.warnings.head).toEqual([]);
    expect(refs(report.pairs[0].whyOpened)).toContain('ingress-backend prod/ingress.yaml:11');
  });
});
