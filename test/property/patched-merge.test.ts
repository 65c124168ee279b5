/**
 * Head's cluster patched from base's merge (manifests/patched-merge.ts) equals head's cluster merged from
 * scratch, on random base/head pairs of files: files kept, edited, removed and added; objects written twice
 * (in one file or in two, alike or not), objects the API server rejects, a policy kind not modelled, and
 * kinds whose merge reads the whole build (a CiliumClusterwideNetworkPolicy, a Calico GlobalNetworkPolicy, an AdminNetworkPolicy, a
 * Rollout naming another workload's template) on either side.
 */
import fc from 'fast-check';
import type { LoadResult, ManifestFile } from '../../src/manifests/load.js';
import { loadManifests, mergeDocuments } from '../../src/manifests/load.js';
import { patchedMerge } from '../../src/manifests/patched-merge.js';
import { params } from './harness.js';

const NAMES = ['web', 'api', 'db', 'cache', 'auth', 'mail', 'queue', 'search'];
const NAMESPACES = ['shop', 'pay', 'ops'];

/**
 * One YAML document: a kind of the pool (`maxKind` 79: only kinds whose merge is a plain list), one of few
 * names and namespaces (so that copies of one object happen).
 */
const documentArb = (maxKind: number): fc.Arbitrary<string> => fc
  .tuple(fc.nat({ max: maxKind }), fc.constantFrom(...NAMES), fc.constantFrom(...NAMESPACES), fc.constantFrom('a', 'b'))
  .map(([kind, name, ns, label]) => {
    const meta = `metadata:\n  name: ${name}\n  namespace: ${ns}\n`;
    if (kind < 12) return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels:\n    team: ${label}\n`;
    if (kind < 34) return `apiVersion: apps/v1\nkind: Deployment\n${meta}spec:\n  template:\n    metadata:\n      labels:\n        app: ${name}\n        v: ${label}\n    spec:\n      containers:\n        - name: c\n          ports:\n            - containerPort: 8080\n              name: http\n`;
    if (kind < 46) return `apiVersion: v1\nkind: Service\n${meta}spec:\n  selector:\n    app: ${name}\n  ports:\n    - port: 80\n      targetPort: http\n`;
    if (kind < 68) return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n${meta}spec:\n  podSelector:\n    matchLabels:\n      app: ${name}\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              v: ${label}\n`;
    if (kind < 74) return `apiVersion: networking.k8s.io/v1\nkind: Ingress\n${meta}spec:\n  rules:\n    - http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: ${name}\n                port:\n                  number: 80\n`;
    if (kind < 77) return `apiVersion: v1\nkind: ConfigMap\n${meta}data:\n  k: ${label}\n`;
    // A policy kind reachdiff does not model: an object key, and no list of the cluster.
    // One name, so that its copies (differing or not) are common.
    if (kind < 80) return `apiVersion: crd.antrea.io/v1beta1\nkind: NetworkPolicy\nmetadata:\n  name: guard\n  namespace: shop\nspec:\n  priority: ${label === 'a' ? 1 : 2}\n`;
    // Rejected by the API server: a name that is no DNS label.
    if (kind < 84) return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: Bad_${name}\n  namespace: ${ns}\nspec:\n  podSelector: {}\n`;
    if (kind < 88) return `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  endpointSelector:\n    matchLabels:\n      app: ${name}\n  ingress:\n    - fromEndpoints:\n        - matchLabels:\n            v: ${label}\n`;
    if (kind < 92) return `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  selector: app == '${name}'\n  types:\n    - Ingress\n  ingress:\n    - action: Allow\n      source:\n        selector: v == '${label}'\n`;
    if (kind < 96) return `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  priority: 10\n  subject:\n    namespaces: {}\n  ingress:\n    - action: Deny\n      from:\n        - namespaces:\n            matchLabels:\n              team: ${label}\n`;
    // Always the same Deployment's template: one that base lacks and head adds is common.
    return `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: web-ro\n  namespace: shop\nspec:\n  workloadRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n`;
  });

/** A file of one or two documents; one in five may hold any kind of the pool. */
const fileText = fc.oneof({ arbitrary: fc.constant(79), weight: 4 }, { arbitrary: fc.constant(99), weight: 1 }).chain((maxKind) => fc.array(documentArb(maxKind), { minLength: 1, maxLength: 2 }).map((docs) => docs.join('---\n')));

/** Base's files: a few paths of two folders, so that copies of one object fall in one file or in two. */
const baseArb: fc.Arbitrary<ManifestFile[]> = fc
  .uniqueArray(fc.tuple(fc.constantFrom('apps', 'base'), fc.nat({ max: 7 })), { minLength: 1, maxLength: 10, selector: ([d, n]) => `${d}/${n}` })
  .chain((paths) => fc.tuple(...paths.map(([d, n]) => fileText.map((text) => ({ path: `${d}/f${n}.yaml`, text })))));

/** Head: each file of base kept (most), edited or removed, and a few files added. */
const pairArb = baseArb.chain((base) =>
  fc.record({
    base: fc.constant(base),
    head: fc
      .tuple(fc.array(fc.tuple(fc.nat({ max: 9 }), fileText), { minLength: base.length, maxLength: base.length }), fc.array(fc.tuple(fc.nat({ max: 7 }), fileText), { maxLength: 3 }))
      .map(([edits, added]) => {
        const kept = base.flatMap((f, i) => (edits[i][0] < 6 ? [f] : edits[i][0] < 8 ? [{ path: f.path, text: edits[i][1] }] : []));
        const paths = new Set(kept.map((f) => f.path));
        const fresh = added.map(([n, text]) => ({ path: `apps/g${n}.yaml`, text })).filter((f) => !paths.has(f.path) && paths.add(f.path));
        return [...kept, ...fresh];
      }),
  }),
);

/** A load as data: its cluster, documents, diagnostics and blind spots. */
function asData(load: LoadResult): string {
  return JSON.stringify({ cluster: load.cluster, documents: load.documents, diagnostics: load.diagnostics, unmodelled: load.unmodelled, hostNetwork: [...(load.hostNetwork ?? [])].sort() });
}

describe("head's cluster patched from base's merge", () => {
  it('equals the cluster merged from scratch', () => {
    let patched = 0;
    let refused = 0;
    fc.assert(
      fc.property(pairArb, ({ base, head }) => {
        const known = new Map();
        const baseLoad = loadManifests(base, known);
        const headLoad = loadManifests(head, new Map(known), baseLoad);
        expect(asData(headLoad)).toBe(asData(loadManifests(head)));
        // The patch itself, where it serves, against the full merge of the same documents.
        const direct = patchedMerge(headLoad.documents, baseLoad.documents);
        if (direct === undefined) refused++;
        else {
          patched++;
          expect(JSON.stringify(direct)).toBe(JSON.stringify(mergeDocuments(headLoad.documents)));
        }
      }),
      params(800),
    );
    // The property must exercise both ways: patches taken, and patches refused.
    expect(patched).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(50);
  });
});
