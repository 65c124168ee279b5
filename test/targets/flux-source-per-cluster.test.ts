/**
 * A repository of several clusters may define one GitRepository name once for each cluster, each with its own
 * `spec.ignore` keeping only its cluster's folder (and an archived cluster's copy may linger). A Flux
 * Kustomization's source is its own cluster's definition, the one nearest its file (targets/flux.ts
 * `fluxSource`). Before, the first definition in file order was every cluster's: a later cluster's every path
 * read as left out of the artifact ("holds no file of the artifact"), its whole cluster unanalysed
 * (real repositories 38: a retired cluster's copy in `.archive/` shadowing the live one).
 */
import { rm } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const DEPLOY = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: c}]}\n`;
const DENY_ALL = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-all}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
/** A cluster's source, named `home` in every cluster, keeping only `kept`, and its Kustomization of `path`. */
const cluster = (kept: string, name: string, path: string) =>
  `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: home\n  namespace: flux-system\nspec:\n  url: https://example.invalid/lab-ops\n  ref:\n    branch: main\n  ignore: |\n    /*\n    !/${kept}\n---\n` +
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./${path}\n  targetNamespace: ${name}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: home\n`;

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((f) => rm(f, { recursive: true, force: true })));
});

interface DiffJson {
  summary: { opened: number; closed: number };
  notices?: { code: string; message: string }[];
}

async function diff(base: Record<string, string>, added: Record<string, string>): Promise<DiffJson> {
  const baseRoot = await tempFolder(base, 'reachdiff-flux-cluster-source-');
  const headRoot = await tempFolder({ ...base, ...added }, 'reachdiff-flux-cluster-source-');
  folders.push(baseRoot, headRoot);
  const out = await main(['diff', baseRoot, headRoot, '--format', 'json', '--fail-on', 'never']);
  expect(out.stderr).not.toMatch(/\n\s+at /);
  return JSON.parse(out.stdout) as DiffJson;
}

const TWO = {
  'k8s/alpha/flux/sync.yaml': cluster('k8s/alpha', 'alpha', 'k8s/alpha/apps'),
  'k8s/alpha/apps/web.yaml': DEPLOY('web'),
  'k8s/beta/flux/sync.yaml': cluster('k8s/beta', 'beta', 'k8s/beta/apps'),
  'k8s/beta/apps/api.yaml': DEPLOY('api'),
};

describe("a GitRepository name each cluster defines: a Flux Kustomization builds from its own cluster's", () => {
  it("the second cluster's policy is deployed: a deny-all there closes paths", async () => {
    const json = await diff(TWO, { 'k8s/beta/apps/deny.yaml': DENY_ALL });
    expect(json.summary.closed).toBeGreaterThan(0);
    expect((json.notices ?? []).map((n) => n.message).join('\n')).not.toContain('holds no file of the artifact');
  });

  it("the first cluster's too, each with its own ignore rules", async () => {
    const json = await diff(TWO, { 'k8s/alpha/apps/deny.yaml': DENY_ALL });
    expect(json.summary.closed).toBeGreaterThan(0);
  });

  it("an archived cluster's copy of the name, first in file order, does not shadow the live cluster's", async () => {
    const base = {
      '.archive/old/flux/sync.yaml': cluster('k8s/old', 'old', 'k8s/old/apps'),
      'k8s/live/flux/sync.yaml': cluster('k8s/live', 'live', 'k8s/live/apps'),
      // Objects a kustomization lists are read from its build, after those read as committed.
      'k8s/live/flux/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [sync.yaml]\n',
      'k8s/live/apps/api.yaml': DEPLOY('api'),
    };
    const json = await diff(base, { 'k8s/live/apps/deny.yaml': DENY_ALL });
    expect(json.summary.closed).toBeGreaterThan(0);
    // Not a reading of the folders as plain manifests, which every Flux Kustomization left out would fall back to.
    expect((json.notices ?? []).map((n) => n.message).join('\n')).not.toContain('holds no file of the artifact');
  });

  it("a cluster defining no source of its own builds from the one defined: its path left out (the fixture can fail)", async () => {
    const only = cluster('k8s/beta', 'beta', 'k8s/beta/apps').split('---\n')[1];
    const base = { ...TWO, 'k8s/beta/flux/sync.yaml': only };
    const json = await diff(base, { 'k8s/beta/apps/deny.yaml': DENY_ALL });
    expect(json.summary.closed).toBe(0);
    expect((json.notices ?? []).map((n) => n.message).join('\n')).toContain('Flux Kustomization beta: path ./k8s/beta/apps holds no file of the artifact');
  });
});
