/**
 * A pull request's next push, loaded as the diff loads head (diff-report.ts: `loadManifests(head, a copy of base's
 * reads, base)`): a file the pull request edits is not base's text at its path, so base's reads cannot serve it,
 * but the last push read that very text there. Its objects must be the last push's very objects, so that what
 * compares the two heads by identity (changed-namespaces.ts, head-side.ts `sameCluster`) sees only what the step
 * changed, not every file the pull request changed.
 */
import { changedNamespaces } from '../../src/analysis/changed-namespaces.js';
import type { FileLoads, ManifestFile } from '../../src/manifests/load.js';
import { clearLoadedFiles, loadManifests } from '../../src/manifests/load.js';

const ns = (name: string) => ({ path: `ns/${name}.yaml`, text: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n` });
const app = (name: string, namespace: string) => ({
  path: `apps/${namespace}/${name}.yaml`,
  text: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  template:\n    metadata:\n      labels:\n        app: ${name}\n`,
});
const policy = (name: string, namespace: string, port: number) => ({
  path: `policies/${namespace}/${name}.yaml`,
  text: `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  podSelector:\n    matchLabels:\n      app: ${name}\n  ingress:\n    - ports:\n        - port: ${port}\n`,
});

const base: ManifestFile[] = [ns('a'), ns('b'), app('x', 'a'), app('y', 'b'), policy('x', 'a', 80), policy('y', 'b', 80)];
/** The pull request edits `a`'s policy; its next push also deletes `b`'s. */
const head1: ManifestFile[] = [ns('a'), ns('b'), app('x', 'a'), app('y', 'b'), policy('x', 'a', 8080), policy('y', 'b', 80)];
const head2: ManifestFile[] = head1.filter((f) => f.path !== 'policies/b/y.yaml');

/** Fresh file objects each push (the App reads every event's files anew), base's reads copied as the diff does. */
function loadHead(files: readonly ManifestFile[], baseReads: FileLoads, baseLoad: ReturnType<typeof loadManifests>) {
  return loadManifests(
    files.map((f) => ({ ...f })),
    new Map(baseReads),
    baseLoad,
  );
}

describe("a pull request's next push", () => {
  beforeEach(() => clearLoadedFiles());

  it("holds the last push's very objects of the files the pull request edits", () => {
    const reads: FileLoads = new Map();
    const baseLoad = loadManifests(base, reads);
    const first = loadHead(head1, reads, baseLoad);
    const next = loadHead(head2, reads, baseLoad);
    const edited = (c: typeof first.cluster) => c.policies.find((p) => p.namespace === 'a');
    expect(edited(first.cluster)?.ingress[0].ports[0]).toMatchObject({ port: 8080 });
    expect(edited(next.cluster)).toBe(edited(first.cluster));
  });

  it('counts changed between the two heads only the namespace the step changed', () => {
    const reads: FileLoads = new Map();
    const baseLoad = loadManifests(base, reads);
    const first = loadHead(head1, reads, baseLoad);
    const next = loadHead(head2, reads, baseLoad);
    expect([...(changedNamespaces(baseLoad.cluster, first.cluster) ?? [])]).toEqual(['a']);
    expect([...(changedNamespaces(first.cluster, next.cluster) ?? [])]).toEqual(['b']);
  });
});
