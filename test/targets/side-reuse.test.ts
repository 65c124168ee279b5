/**
 * A side's targets kept between analyses (side-reuse.ts): reused only for files equal in path, text and
 * placement, never with renderers, and a warm next push over kustomizations reports what a cold one does.
 */
import type { ManifestFile } from '../../src/manifests/load.js';
import { targetsJson } from '../../src/report/targets-json.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { clearKeptSides, keptDiscovery, keptSideIndex, keptUnitFiles } from '../../src/targets/side-reuse.js';
import { clearWarmState as clearAll } from '../../src/targets/warm-state.js';
import type { TargetFiles } from '../../src/targets/target-files.js';

const policy = (name: string, from: string, port: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  podSelector:\n    matchLabels:\n      app: ${name}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: ${from}\n      ports:\n        - port: ${port}\n`;
const deployment = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n        - name: main\n          image: x\n          ports:\n            - name: http\n              containerPort: 8080\n`;

/** Two apps, each a kustomization base with prod and staging overlays, and one plain manifest outside them. */
function repo(): ManifestFile[] {
  const files: Record<string, string> = { 'plain/tools.yaml': deployment('tools') };
  for (const app of ['api', 'web']) {
    files[`apps/${app}/base/kustomization.yaml`] = 'resources:\n  - deployment.yaml\n  - policy.yaml\n';
    files[`apps/${app}/base/deployment.yaml`] = deployment(app);
    files[`apps/${app}/base/policy.yaml`] = policy(app, app === 'api' ? 'web' : 'tools', 'http');
    for (const env of ['prod', 'staging']) files[`apps/${app}/overlays/${env}/kustomization.yaml`] = `namespace: ${env}\nresources:\n  - ../../base\n`;
  }
  return Object.entries(files).map(([path, text]) => ({ path, text }));
}

const edit = (files: readonly ManifestFile[], path: string, change: (t: string) => string) => files.map((f) => (f.path === path ? { ...f, text: change(f.text) } : f));

describe('kept sides', () => {
  beforeEach(clearAll);
  afterAll(clearAll);

  it('are the same index for equal files (other objects, any order), another for a changed text or placement', () => {
    const files = repo();
    const side = keptSideIndex(files);
    expect(keptSideIndex([...files].reverse().map((f) => ({ ...f })))).toBe(side);
    expect(keptSideIndex(edit(files, 'plain/tools.yaml', (t) => `${t}\n`))).not.toBe(side);
    const placed = files.map((f) => (f.path === 'plain/tools.yaml' ? { ...f, defaultNamespace: 'tools' } : f));
    expect(keptSideIndex(placed)).not.toBe(side);
    expect(keptSideIndex(files.slice(1))).not.toBe(side);
    // Two sides are kept (base and head): the first is still there after the second, gone after a third.
    clearKeptSides();
    const a = keptSideIndex(files);
    const b = keptSideIndex(edit(files, 'plain/tools.yaml', (t) => `${t}\n`));
    expect(keptSideIndex(files)).toBe(a);
    keptSideIndex(edit(files, 'plain/tools.yaml', (t) => `${t}\n\n`));
    keptSideIndex(edit(files, 'plain/tools.yaml', (t) => `${t}\n\n\n`));
    expect(keptSideIndex(edit(files, 'plain/tools.yaml', (t) => `${t}\n`))).not.toBe(b);
  });

  it('never keeps rendered files', () => {
    const files = [...repo(), { path: 'rendered.yaml', text: deployment('x'), sourceLines: [] }];
    expect(keptSideIndex(files)).not.toBe(keptSideIndex(files));
  });

  it('discover once per side and options, and read target files again when renderers are at hand', async () => {
    const side = keptSideIndex(repo());
    const sel = keptDiscovery(side, {});
    expect(keptDiscovery(side, {})).toBe(sel);
    expect(keptDiscovery(side, { namespaceFromPath: 'x/{namespace}/**' })).not.toBe(sel);
    expect(sel.targets.map((t) => t.name).sort()).toEqual(['apps/api/overlays/prod', 'apps/api/overlays/staging', 'apps/web/overlays/prod', 'apps/web/overlays/staging', 'plain manifests']);
    let reads = 0;
    const read = async (): Promise<TargetFiles> => {
      reads++;
      return { files: [], notices: [], unrenderedCharts: [], encrypted: [], defaulted: [] };
    };
    await keptUnitFiles(side, sel.targets, undefined, true, read);
    await keptUnitFiles(side, sel.targets, undefined, true, read);
    expect(reads).toBe(1);
    await keptUnitFiles(side, sel.targets, 'other', true, read);
    await keptUnitFiles(side, sel.targets.slice(1), undefined, true, read);
    expect(reads).toBe(3);
    await keptUnitFiles(side, sel.targets, undefined, false, read);
    await keptUnitFiles(side, sel.targets, undefined, false, read);
    expect(reads).toBe(5);
  });

  it('give a warm next push over kustomizations exactly the cold report', async () => {
    const base = repo();
    const first = edit(base, 'apps/api/base/policy.yaml', (t) => t.replace('app: web', 'app: tools'));
    const next = edit(first, 'apps/web/overlays/staging/kustomization.yaml', (t) => t.replace('namespace: staging', 'namespace: qa'));
    const cold = targetsJson(await analyzeTargets(base, next, { baseKey: 'tree' }));
    clearAll();
    const firstCold = targetsJson(await analyzeTargets(base, first, { baseKey: 'tree' }));
    expect(targetsJson(await analyzeTargets(base, next, { baseKey: 'tree' }))).toBe(cold);
    // And back to the first head (both of its sides kept): the same as its cold report.
    expect(targetsJson(await analyzeTargets(base, first.map((f) => ({ ...f })), { baseKey: 'tree' }))).toBe(firstCold);
    expect(cold).not.toBe(firstCold);
    expect(cold).toContain('qa');
  });
});
