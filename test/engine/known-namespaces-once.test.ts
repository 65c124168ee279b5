import fc from 'fast-check';
import type { Cluster, Labels, Workload } from '../../src/engine/model.js';
import { NAMESPACE_NAME_LABEL } from '../../src/engine/model.js';
import { knownNamespaces } from '../../src/engine/regions.js';
import { loadManifests } from '../../src/manifests/load.js';
import { definedObjects } from '../../src/targets/object-identities.js';

/** `knownNamespaces` read from every object at each call, as it was before each list's namespaces were kept (regions.ts). */
function everyObjectRead(clusters: readonly Cluster[]): Map<string, Labels[]> {
  const known = new Map<string, Labels[]>();
  for (const c of clusters) {
    for (const ns of c.namespaces) (known.get(ns.name) ?? known.set(ns.name, []).get(ns.name)!).push(ns.labels);
    for (const x of [...c.workloads, ...c.policies, ...c.services]) if (!known.has(x.namespace)) known.set(x.namespace, []);
  }
  for (const [name, list] of known) if (list.length < clusters.length) list.push({ [NAMESPACE_NAME_LABEL]: name });
  return known;
}

const NAMES = ['shop', 'ledger', 'kube-system', 'default', 'monitoring'];

/** One object of a random kind in a random namespace (a Namespace object defines its name with a label). */
const object = fc.record({ kind: fc.constantFrom('Namespace', 'Deployment', 'NetworkPolicy', 'Service'), namespace: fc.constantFrom(...NAMES), team: fc.constantFrom('a', 'b'), n: fc.nat(3) });

function yamlOf(o: { kind: string; namespace: string; team: string; n: number }): string {
  switch (o.kind) {
    case 'Namespace':
      return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${o.namespace}\n  labels:\n    team: ${o.team}\n`;
    case 'Deployment':
      return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app${o.n}\n  namespace: ${o.namespace}\nspec:\n  selector:\n    matchLabels:\n      app: app${o.n}\n  template:\n    metadata:\n      labels:\n        app: app${o.n}\n    spec:\n      containers:\n        - name: c\n          image: nginx\n`;
    case 'NetworkPolicy':
      return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny${o.n}\n  namespace: ${o.namespace}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
    default:
      return `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc${o.n}\n  namespace: ${o.namespace}\nspec:\n  selector:\n    app: app${o.n}\n  ports:\n    - port: 80\n`;
  }
}

function clusterOf(objects: readonly { kind: string; namespace: string; team: string; n: number }[], file: string): Cluster {
  return loadManifests([{ path: file, text: objects.map(yamlOf).join('---\n') || '{}\n' }]).cluster;
}

describe('knownNamespaces with each list read once', () => {
  test('equals reading every object at every call, asked again and after a list grows', () => {
    fc.assert(
      fc.property(fc.array(object, { maxLength: 12 }), fc.array(object, { maxLength: 12 }), fc.constantFrom(...NAMES, 'payments'), (b, h, extra) => {
        const base = clusterOf(b, 'base.yaml');
        const head = clusterOf(h, 'head.yaml');
        const entries = (m: Map<string, Labels[]>) => [...m];
        expect(entries(knownNamespaces([base, head]))).toEqual(entries(everyObjectRead([base, head])));
        // Asked again (the lists' namespaces kept), and in the other order (base's kept lists read for head's place).
        expect(entries(knownNamespaces([base, head]))).toEqual(entries(everyObjectRead([base, head])));
        expect(entries(knownNamespaces([head, base]))).toEqual(entries(everyObjectRead([head, base])));
        // A list that grew after it was read is read again.
        const more = clusterOf([{ kind: 'Deployment', namespace: extra, team: 'a', n: 9 }], 'more.yaml').workloads[0];
        (base.workloads as Workload[]).push(more);
        expect(entries(knownNamespaces([base, head]))).toEqual(entries(everyObjectRead([base, head])));
        expect(knownNamespaces([base]).has(extra)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe('definedObjects keyed once per path namespace', () => {
  test('one text read under two path namespaces keys each with its own, asked again the same', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\n';
    const first = definedObjects(text, 'team-a').map((d) => d.key);
    const other = definedObjects(text, 'team-b').map((d) => d.key);
    const none = definedObjects(text, undefined).map((d) => d.key);
    expect(first).toEqual(['Service/team-a/web', 'Deployment/shop/api']);
    expect(other).toEqual(['Service/team-b/web', 'Deployment/shop/api']);
    expect(none).toEqual(['Service//web', 'Deployment/shop/api']);
    expect(definedObjects(text, 'team-a').map((d) => d.key)).toEqual(first);
  });
});
