/**
 * A rollback reverts only what the pull request did (real-eval 10, C-a and C-b). Each target is diffed on
 * its own files, so a new overlay of bases other targets build (metallb 462710fe4) or manifests moved into
 * a new kustomization (longhorn 84ca7c43) read as "added" there: the rollback deleted the shared base's
 * Deployment (a file the commit never touched), the moved Deployment base already had, and restored a
 * Namespace of the synthetic "(Namespaces other targets declare)" stream in the patch. Its "proven minimal"
 * set of two documents was not minimal either: deleting the new overlay's kustomization alone closes every
 * path, but the evaluation left the bases it included deployed as top-level builds of their own.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { BaseDocuments, revertScope } from '../../src/analysis/rollback-scope.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { SHARED_NAMESPACES } from '../../src/targets/shared-namespaces.js';
import type { TargetsOptions } from '../../src/targets/analyze-targets.js';
import { analyzeTargets, changedPaths } from '../../src/targets/analyze-targets.js';

const files = (tree: Record<string, string>): ManifestFile[] => Object.entries(tree).map(([path, text]) => ({ path, text }));
const deployment = (name: string, namespace?: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}spec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n      - name: c\n        image: ${name}:1\n`;

/**
 * Repro 07: `config/frr` builds `config/native` (a Namespace and `../controllers`); head adds `config/prometheus-native` over the same bases,
 * here placing them in another namespace: no base target deploys its workloads, so it is read against an empty cluster and all
 * its paths open (deploying what `config/frr` deploys, it is compared with that target instead: test/targets/counterpart-targets.test.ts).
 */
const metallbBase = {
  'config/controllers/controller.yaml': deployment('controller'),
  'config/controllers/kustomization.yaml': 'resources:\n- controller.yaml\n',
  'config/native/kustomization.yaml': 'namespace: lb-system\nresources:\n- ns.yaml\n- ../controllers\n',
  'config/native/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: lb-system\n',
  'config/frr/kustomization.yaml': 'namespace: lb-system\nresources:\n- ../native\n- frr-cm.yaml\n',
  'config/frr/frr-cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: frr-startup\ndata: {}\n',
};
const monitor = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: monitor\nspec:\n  selector: {app: controller}\n  ports:\n  - port: 7472\n';
const metallbHead = {
  ...metallbBase,
  'config/prometheus-native/kustomization.yaml': '# the native install plus metrics scraping\nnamespace: lb-metrics\nresources:\n- ../native\n- monitor.yaml\n',
  'config/prometheus-native/monitor.yaml': monitor,
};

/** Repro 01: two stores moved from plain files into a kustomization each; minio's file gains a Secret on the way. */
const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: minio-creds\n  namespace: default\ntype: Opaque\ndata: {}\n';
const longhornBase = {
  'examples/web.yaml': deployment('web', 'default'),
  'stores/minio.yaml': deployment('minio', 'default'),
  'stores/nfs.yaml': deployment('nfs', 'default'),
};
const longhornHead = {
  'examples/web.yaml': deployment('web', 'default'),
  'stores/minio/kustomization.yaml': 'resources:\n- minio.yaml\n',
  'stores/minio/minio.yaml': `${deployment('minio', 'default')}---\n${secret}`,
  'stores/nfs/kustomization.yaml': 'resources:\n- nfs.yaml\n',
  'stores/nfs/nfs.yaml': deployment('nfs', 'default'),
};

const rollbackOf = async (base: Record<string, string>, head: Record<string, string>, target: string, options: TargetsOptions = {}) => {
  const report = await analyzeTargets(files(base), files(head), options);
  const t = report.targets.find((r) => r.name === target);
  if (!t) throw new Error(`no target ${target}: ${report.targets.map((r) => r.name).join(', ')}`);
  return { rollback: t.report.rollback, opened: t.report.counts.opened, changed: changedPaths(files(base), files(head)), combined: report.combined.rollback };
};
const fileOf = (d: { head?: { file: string }; base?: { file: string } }) => (d.head ?? d.base)!.file;

describe('a new overlay of bases other targets build (repro 07)', () => {
  it('is rolled back by deleting its kustomization, and the file only it named (which no build reads after): proven minimal', async () => {
    const { rollback, opened } = await rollbackOf(metallbBase, metallbHead, 'config/prometheus-native');
    expect(opened).toBeGreaterThan(0);
    expect(rollback.documents.map((d) => d.key)).toEqual(['Kustomization config/prometheus-native/kustomization.yaml', 'Service/monitor in config/prometheus-native/monitor.yaml']);
    expect(rollback.minimality).toBe('proven');
    expect(rollback.remainingOpened).toBe(0);
    expect(rollback.patch).not.toContain('config/controllers/');
  });

  it('a patch file of the overlay goes with its kustomization (left to no build, it reads as a plain workload), never the base it patched', async () => {
    const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: controller\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        ports:\n        - containerPort: 7472\n';
    const head = {
      ...metallbHead,
      'config/prometheus-native/kustomization.yaml': 'namespace: lb-metrics\nresources:\n- ../native\n- monitor.yaml\npatches:\n- path: metrics-patch.yaml\n',
      'config/prometheus-native/metrics-patch.yaml': patch,
    };
    const { rollback } = await rollbackOf(metallbBase, head, 'config/prometheus-native');
    expect(rollback.documents.map((d) => d.key).sort()).toEqual(['Deployment/controller in config/prometheus-native/metrics-patch.yaml', 'Kustomization config/prometheus-native/kustomization.yaml', 'Service/monitor in config/prometheus-native/monitor.yaml']);
    expect(rollback.minimality).toBe('proven');
    expect(rollback.remainingOpened).toBe(0);
  });

  it('out of search budget, reverts only documents the change added: no shared base, no synthetic Namespace stream in the patch', async () => {
    const { rollback, changed, combined } = await rollbackOf(metallbBase, metallbHead, 'config/prometheus-native', { rollbackMaxEvaluations: 1 });
    expect(rollback.documents.length).toBeGreaterThan(0);
    for (const d of rollback.documents) expect(changed.has(fileOf(d))).toBe(true);
    for (const patch of [rollback.patch, combined.patch]) {
      expect(patch).not.toContain(SHARED_NAMESPACES);
      expect(patch).not.toContain('config/controllers/');
      expect(patch).not.toContain('config/native/');
    }
  });
});

describe('manifests moved into kustomizations with an edit (repro 01)', () => {
  // The move is folded into one target now (targets/moved-policies.ts); a model that still sees the moved
  // store as new (a layout the fold does not pair) is the one `analyze-targets` hands this scope.
  const model = (tree: Record<string, string>) => files(Object.fromEntries(Object.entries(tree).filter(([p]) => p.startsWith('stores/minio/'))));
  const scope = () => revertScope(changedPaths(files(longhornBase), files(longhornHead)), new Set(), new Set(), { base: [], head: model(longhornHead) }, new BaseDocuments(files(longhornBase)));

  it('never deletes the moved Deployment base already had; what the change did add closes nothing, so no rollback is proposed, and the note says why', () => {
    const report = analyzeDiff([], model(longhornHead), { rollbackScope: scope() });
    expect(report.counts.opened).toBe(3);
    const { rollback } = report;
    expect(rollback.documents).toEqual([]);
    expect(rollback.patch).toBe('');
    expect(rollback.hunks).toEqual([]);
    expect(rollback.remainingOpened).toBe(3);
    expect(rollback.notes).toEqual(['No revert closes every opened path: what opens these 3 is in files this change did not touch or in documents base already had (moved, or built by another target), which a rollback leaves alone.']);
  });

  it('out of search budget, still no document base had, as written, is deleted', () => {
    const { rollback } = analyzeDiff([], model(longhornHead), { rollbackScope: scope(), rollbackMaxEvaluations: 1 });
    expect(rollback.documents.map((d) => d.key).filter((k) => k.startsWith('Deployment/'))).toEqual([]);
    expect(rollback.patch).not.toContain('kind: Deployment');
  });

  it('folded as a move, the repository-wide rollback deletes no Deployment either', async () => {
    const report = await analyzeTargets(files(longhornBase), files(longhornHead));
    expect(report.combined.rollback.documents.map((d) => d.key).filter((k) => k.startsWith('Deployment/'))).toEqual([]);
  });

  it('a document the change edited in place is still reverted: the scope keeps what the change did', async () => {
    const widened = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: minio\n  namespace: default\nspec:\n  podSelector: {matchLabels: {app: minio}}\n  ingress:\n  - from: [podSelector: {matchLabels: {app: web}}]\n';
    const base = { ...longhornBase, 'stores/minio.yaml': `${longhornBase['stores/minio.yaml']}---\n${widened.replace('app: web', 'app: nfs')}` };
    const head = { ...longhornBase, 'stores/minio.yaml': `${longhornBase['stores/minio.yaml']}---\n${widened}` };
    const { rollback, opened } = await rollbackOf(base, head, 'plain manifests');
    expect(opened).toBeGreaterThan(0);
    expect(rollback.documents.map((d) => d.key)).toEqual(['NetworkPolicy/default/minio']);
    expect(rollback.remainingOpened).toBe(0);
  });
});

it('when nothing the change touched can close the opened paths, no rollback is proposed, and the note says why', () => {
  const base = files({ 'apps/web.yaml': deployment('web', 'shop') });
  const head = files({ 'apps/web.yaml': deployment('web', 'shop'), 'apps/api.yaml': deployment('api', 'shop') });
  // As a target whose file came from elsewhere sees it: the model's head has a file the repository did not change.
  const scope = revertScope(new Set(), new Set(), new Set(), { base, head }, new BaseDocuments(base));
  const report = analyzeDiff(base, head, { rollbackScope: scope });
  expect(report.counts.opened).toBeGreaterThan(0);
  expect(report.rollback.documents).toEqual([]);
  expect(report.rollback.patch).toBe('');
  expect(report.rollback.remainingOpened).toBe(report.counts.opened);
  expect(report.rollback.notes).toEqual([expect.stringMatching(/^No revert closes every opened path: what opens these \d+ is in files this change did not touch or in documents base already had .*, which a rollback leaves alone\.$/)]);
  // Without a scope (no repository around the sides) the same change is reverted as before.
  expect(analyzeDiff(base, head).rollback.documents.map((d) => d.key)).toEqual(['Deployment/shop/api']);
});

describe('BaseDocuments', () => {
  it("knows base's documents by their text, blank space around them aside, among many of one length", () => {
    // Ten documents of one length (kept apart by length, then hashed when first asked), one of another, a JSON file whole.
    const doc = (k: number) => `kind: ConfigMap\nmetadata:\n  name: cm-${k}\n`;
    const base = [
      { path: 'many.yaml', text: Array.from({ length: 10 }, (_, k) => doc(k)).join('---\n') },
      { path: 'one.yaml', text: '\n\nkind: Secret\n\n' },
      { path: 'x.json', text: '{"kind": "Service"}' },
    ];
    const had = new BaseDocuments(base);
    expect(had.had(doc(3))).toBe(true);
    expect(had.had(`  ${doc(9)}\n\n`)).toBe(true);
    expect(had.had(doc(9).replace('cm-9', 'cm-x'))).toBe(false);
    expect(had.had('kind: Secret')).toBe(true);
    expect(had.had('kind: Secreu')).toBe(false);
    expect(had.had('{"kind": "Service"}')).toBe(true);
    expect(had.had(doc(10))).toBe(false);
  });
});
