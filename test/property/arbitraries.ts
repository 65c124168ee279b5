/**
 * fast-check generators of small clusters: namespaces with labels, labelled workloads with named container
 * ports, and policies covering every field the engine reads (selectors with all operators, named and
 * numeric ports, endPort ranges, ipBlocks with excepts in both IP families, both directions, policyTypes
 * variants, empty vs absent lists), and in a third of the clusters Services (selectors, numbered and named
 * targetPorts) with Ingresses whose backends name them by port number or name, for the ingress controller.
 * Values come from tiny pools so that selectors and ports collide often.
 */
import fc from 'fast-check';
import type {
  Labels,
  Protocol,
  RefCluster,
  RefContainerPort,
  RefEgressRule,
  RefIngress,
  RefIngressRule,
  RefPeer,
  RefPod,
  RefPolicy,
  RefPort,
  RefRequirement,
  RefSelector,
  RefService,
} from '../reference/evaluator.js';

export const NAMESPACE_POOL = ['ns1', 'ns2', 'ns3'] as const;
const KEYS = ['app', 'tier', 'env'] as const;
const VALUES = ['a', 'b', 'c'] as const;
// 'all' and 'any' are ordinary port names (never "every port"): a past engine bug.
export const PORT_NAMES = ['http', 'dns', 'all', 'any'] as const;
export const PORT_POOL = [1, 53, 79, 80, 81, 443, 8080, 65535] as const;
const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

const labels: fc.Arbitrary<Labels> = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 3 });

/** Namespace labels; a manifest may even write its own kubernetes.io/metadata.name (the API server overwrites it). */
const namespaceLabelsArb: fc.Arbitrary<Labels> = fc.dictionary(fc.constantFrom(...KEYS, 'kubernetes.io/metadata.name'), fc.constantFrom(...VALUES, 'ns1'), { maxKeys: 3 });

const requirement: fc.Arbitrary<RefRequirement> = fc.oneof(
  fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom('In' as const, 'NotIn' as const), values: fc.uniqueArray(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 2 }) }),
  fc.record({ key: fc.constantFrom(...KEYS, 'kubernetes.io/metadata.name'), operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const) }),
);

const nsRequirement: fc.Arbitrary<RefRequirement> = fc.oneof(
  requirement,
  fc.record({ key: fc.constant('kubernetes.io/metadata.name'), operator: fc.constantFrom('In' as const, 'NotIn' as const), values: fc.uniqueArray(fc.constantFrom(...NAMESPACE_POOL, 'ns4'), { minLength: 1, maxLength: 2 }) }),
);

function selector(req: fc.Arbitrary<RefRequirement>): fc.Arbitrary<RefSelector> {
  return fc.record(
    { matchLabels: fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 2 }), matchExpressions: fc.array(req, { maxLength: 2 }) },
    { requiredKeys: [] },
  );
}

export const podSelector = selector(requirement);
export const namespaceSelector = selector(nsRequirement);

/** A CIDR with its host bits cleared, and excepts strictly inside it. */
const v4Cidr = fc.record({ base: fc.constantFrom(0x0a000000n, 0x0a000100n, 0xc0a80000n, 0xcb007100n, 0n), len: fc.integer({ min: 0, max: 32 }) });
const v6Cidr = fc.record({ base: fc.constantFrom(0x20010db8n << 96n, (0x20010db8n << 96n) | (1n << 80n), 0n, 0xfd00n << 112n), len: fc.integer({ min: 0, max: 128 }) });

function cidrText(family: 4 | 6, value: bigint, len: number): string {
  const bits = family === 4 ? 32 : 128;
  const host = BigInt(bits - len);
  const net = (value >> host) << host;
  if (family === 4) return `${[24n, 16n, 8n, 0n].map((s) => String((net >> s) & 255n)).join('.')}/${len}`;
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((net >> BigInt(i * 16)) & 0xffffn).toString(16));
  // Write it compressed where possible, so the loader's `::` parsing is exercised too.
  const text = groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
  return `${text}/${len}`;
}

/** A CIDR as text, host bits cleared; a whole family (`0.0.0.0/0`, `::/0`) often, as cluster-wide Deny rules use it. */
export const cidrArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('0.0.0.0/0', '::/0') },
  { weight: 3, arbitrary: v4Cidr.map((c) => cidrText(4, c.base, c.len)) },
  { weight: 1, arbitrary: v6Cidr.map((c) => cidrText(6, c.base, c.len)) },
);

const ipBlock: fc.Arbitrary<RefPeer> = fc
  .oneof(v4Cidr.map((c) => ({ family: 4 as const, ...c })), v6Cidr.map((c) => ({ family: 6 as const, ...c })))
  .chain(({ family, base, len }) => {
    const bits = family === 4 ? 32 : 128;
    if (len >= bits) return fc.constant<RefPeer>({ ipBlock: { cidr: cidrText(family, base, len) } });
    const except = fc.record({ extra: fc.integer({ min: 1, max: Math.min(bits - len, 24) }), salt: fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }) }).map(({ extra, salt }) => {
      const elen = len + extra;
      const hostMask = (1n << BigInt(bits - len)) - 1n;
      const value = ((base >> BigInt(bits - len)) << BigInt(bits - len)) | (salt & hostMask);
      return cidrText(family, value, elen);
    });
    return fc.record({ except: fc.uniqueArray(except, { maxLength: 2 }), withExcept: fc.boolean() }).map(({ except: ex, withExcept }) => {
      const block: { cidr: string; except?: string[] } = { cidr: cidrText(family, base, len) };
      if (withExcept) block.except = ex;
      return { ipBlock: block };
    });
  });

/** An ipBlock peer (CIDR, excepts strictly inside it): Cilium's CIDRSet entries are the same shape. */
export const ipBlockArb = ipBlock;

const peer: fc.Arbitrary<RefPeer> = fc.oneof(
  podSelector.map((p) => ({ podSelector: p })),
  namespaceSelector.map((n) => ({ namespaceSelector: n })),
  fc.record({ podSelector, namespaceSelector }),
  ipBlock,
);

const protocolField = fc.option(fc.constantFrom(...PROTOCOLS), { nil: undefined });

const portEntry: fc.Arbitrary<RefPort> = fc.oneof(
  fc.record({ protocol: protocolField }, { requiredKeys: [] }),
  fc.record({ protocol: protocolField, port: fc.constantFrom(...PORT_POOL) }, { requiredKeys: ['port'] }),
  fc.record({ protocol: protocolField, port: fc.constantFrom(...PORT_NAMES) }, { requiredKeys: ['port'] }),
  fc
    .record({ protocol: protocolField, a: fc.constantFrom(...PORT_POOL), b: fc.constantFrom(...PORT_POOL) })
    .map(({ protocol, a, b }) => ({ ...(protocol ? { protocol } : {}), port: Math.min(a, b), endPort: Math.max(a, b) })),
);

/** absent, empty, or a short list: the three cases the API treats differently (or not). */
function list<T>(item: fc.Arbitrary<T>, maxLength = 2): fc.Arbitrary<T[] | undefined> {
  return fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant([] as T[]) }, { weight: 4, arbitrary: fc.array(item, { minLength: 1, maxLength }) });
}

const ingressRule: fc.Arbitrary<RefIngressRule> = fc.record({ from: list(peer), ports: list(portEntry) }, { requiredKeys: [] }).map(stripUndefined);
const egressRule: fc.Arbitrary<RefEgressRule> = fc.record({ to: list(peer), ports: list(portEntry) }, { requiredKeys: [] }).map(stripUndefined);

const policyTypes = fc.constantFrom(undefined, [] as ('Ingress' | 'Egress')[], ['Ingress' as const], ['Egress' as const], ['Ingress' as const, 'Egress' as const]);

export function policyArb(namespaces: readonly string[], name: string): fc.Arbitrary<RefPolicy> {
  return fc
    .record({
      namespace: fc.constantFrom(...namespaces),
      podSelector: fc.option(podSelector, { nil: undefined, freq: 6 }),
      policyTypes,
      ingress: list(ingressRule, 3),
      egress: list(egressRule, 3),
    })
    .map(({ namespace, podSelector: ps, policyTypes: pt, ingress, egress }) => ({
      name,
      namespace,
      spec: stripUndefined({ podSelector: ps, policyTypes: pt, ingress, egress }) as RefPolicy['spec'],
    }));
}

/** Container ports: names unique per pod (as the API requires), plus the odd unnamed port. */
export const containerPorts: fc.Arbitrary<RefContainerPort[]> = fc
  .tuple(
    fc.uniqueArray(
      fc.record({ name: fc.constantFrom(...PORT_NAMES), containerPort: fc.constantFrom(...PORT_POOL), protocol: protocolField }, { requiredKeys: ['name', 'containerPort'] }).map(stripUndefined),
      { selector: (p) => p.name, maxLength: 3 },
    ),
    fc.array(fc.record({ containerPort: fc.constantFrom(...PORT_POOL), protocol: protocolField }, { requiredKeys: ['containerPort'] }).map(stripUndefined), { maxLength: 1 }),
  )
  .map(([named, unnamed]) => [...named, ...unnamed]);

/** Service port names (distinct from the container port names, which targetPorts name). */
const SERVICE_PORT_NAMES = ['web', 'admin'] as const;

/** One or two ports (named when two, as the API requires); targetPort absent, a number, or a container port name. */
const servicePorts = fc
  .uniqueArray(
    fc.record(
      {
        name: fc.constantFrom(...SERVICE_PORT_NAMES),
        port: fc.constantFrom(...PORT_POOL),
        targetPort: fc.oneof(fc.constantFrom(...PORT_POOL), fc.constantFrom(...PORT_NAMES)),
        protocol: fc.constantFrom('TCP' as const, 'TCP' as const, 'UDP' as const),
      },
      { requiredKeys: ['name', 'port'] },
    ),
    { selector: (p) => p.name, minLength: 1, maxLength: 2 },
  )
  .chain((ports) => fc.boolean().map((unnamed) => (ports.length === 1 && unnamed ? [stripUndefined({ ...ports[0], name: undefined })] : ports.map(stripUndefined))));

/**
 * A Service `s<i>`: mostly in a pod's namespace selecting some of its labels (so Ingresses lead somewhere),
 * else anywhere with any selector; an empty selector selects no pods.
 */
const serviceArb = (pods: readonly { namespace: string; labels: Labels }[], i: number): fc.Arbitrary<RefService> => {
  const anywhere = fc.record({ namespace: fc.constantFrom(...NAMESPACE_POOL, 'ns4'), selector: fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 2 }) });
  const nearPod = fc.record({ pod: fc.nat(), keep: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }) }).map(({ pod, keep }) => {
    const p = pods[pod % pods.length];
    const some = Object.entries(p.labels).filter((_, k) => keep[k]);
    return { namespace: p.namespace, selector: Object.fromEntries(some.length ? some : Object.entries(p.labels)) };
  });
  return fc
    .tuple(pods.length ? fc.oneof({ weight: 3, arbitrary: nearPod }, { weight: 1, arbitrary: anywhere }) : anywhere, servicePorts)
    .map(([where, ports]) => ({ name: `s${i}`, ...where, ports }));
};

/**
 * An Ingress `i<i>` beside one of `services` (or a Service no manifest defines): backends by a port number
 * (of the Service, its targetPort, or another) or by a name (a port's, a container port name a targetPort
 * gives, or another).
 */
function ingressArb(services: readonly RefService[], i: number): fc.Arbitrary<RefIngress> {
  const own = <T>(mine: readonly T[], others: readonly T[]) => (mine.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...mine) }, { weight: 1, arbitrary: fc.constantFrom(...others) }) : fc.constantFrom(...others));
  const backend = (s: RefService | undefined) =>
    fc.oneof(
      own(s?.ports.map((p) => p.port) ?? [], PORT_POOL).map((number) => ({ number })),
      own(s?.ports.flatMap((p) => (p.name ? [p.name] : [])) ?? [], [...SERVICE_PORT_NAMES, ...PORT_NAMES]).map((name) => ({ name })),
    );
  return fc
    .oneof({ weight: 5, arbitrary: fc.nat(services.length - 1) }, { weight: 1, arbitrary: fc.constant(services.length) })
    .chain((k) => {
      const s = services[k] as RefService | undefined;
      const service = s?.name ?? 'missing';
      return fc.record({ namespace: s ? fc.constant(s.namespace) : fc.constantFrom(...NAMESPACE_POOL), backends: fc.array(backend(s).map((port) => ({ service, port })), { minLength: 1, maxLength: 2 }) });
    })
    .map((x) => ({ name: `i${i}`, ...x }));
}

/** No Services in two clusters of three; else 1-2 Services (mostly before some of `pods`) and 1-2 Ingresses. */
export function servicesArb(pods: readonly { namespace: string; labels: Labels }[], always = false): fc.Arbitrary<{ services: RefService[]; ingresses: RefIngress[] }> {
  return fc.oneof(
    { weight: always ? 0 : 2, arbitrary: fc.constant<{ services: RefService[]; ingresses: RefIngress[] }>({ services: [], ingresses: [] }) },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 1, max: 2 })
        .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => serviceArb(pods, i))))
        .chain((services) => fc.integer({ min: 1, max: 2 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => ingressArb(services, i))).map((ingresses) => ({ services, ingresses })))),
    },
  );
}

export interface Scenario {
  cluster: RefCluster;
  /** How each pod is written: as a Deployment or as a bare Pod. */
  kinds: ('Deployment' | 'Pod')[];
}

const podArb = fc.record({ namespace: fc.constantFrom(...NAMESPACE_POOL, 'ns4'), labels, ports: containerPorts, kind: fc.constantFrom('Deployment' as const, 'Pod' as const) });

/**
 * A cluster: some defined namespaces (ns4 is never defined, so it has only its name label), pods, policies,
 * and in a third of the clusters (`alwaysServices`: every cluster) Services and Ingresses.
 */
export function clusterArb(size: { minPods: number; maxPods: number; maxPolicies: number; alwaysServices?: boolean }): fc.Arbitrary<Scenario> {
  return fc
    .record({
      namespaces: fc.uniqueArray(fc.record({ name: fc.constantFrom(...NAMESPACE_POOL), labels: namespaceLabelsArb }), { selector: (n) => n.name, maxLength: 3 }),
      pods: fc.array(podArb, { minLength: size.minPods, maxLength: size.maxPods }),
    })
    .chain(({ namespaces, pods }) =>
      fc.tuple(fc.array(policyArb([...NAMESPACE_POOL, 'ns4'], 'p'), { maxLength: size.maxPolicies }), servicesArb(pods, size.alwaysServices)).map(([policies, { services, ingresses }]) => {
        const refPods: RefPod[] = pods.map((p, i) => ({ namespace: p.namespace, name: `w${i}`, labels: p.labels, ports: p.ports }));
        const named = policies.map((pol, i) => ({ ...pol, name: `p${i}` }));
        return { cluster: { namespaces, pods: refPods, policies: named, ...(services.length ? { services, ingresses } : {}) }, kinds: pods.map((p) => p.kind) };
      }),
    );
}

/** The everyday size: 1-6 pods, 0-4 policies. */
export const scenarioArb: fc.Arbitrary<Scenario> = clusterArb({ minPods: 1, maxPods: 6, maxPolicies: 4 });

export function stripUndefined<T extends object>(o: T): T {
  const out = { ...o } as Record<string, unknown>;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as T;
}

/** A head derived from a base: some policies dropped, some added, some pods removed, namespace labels changed. */
export const basePlusHead: fc.Arbitrary<[Scenario, Scenario]> = basePlusHeadOf(scenarioArb);

/** basePlusHead over bases drawn from `bases` (at most 4 policies and 6 pods of a base are dropped at random), head adding up to `maxAdded` policies. */
export function basePlusHeadOf(bases: fc.Arbitrary<Scenario>, maxAdded = 2): fc.Arbitrary<[Scenario, Scenario]> {
  return bases.chain((base) =>
    fc
      .record({
        keepPolicies: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }).map((k) => k.concat([true, true])),
        added: fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: maxAdded }).chain((ids) => fc.tuple(...ids.map((i) => policyArb([...NAMESPACE_POOL, 'ns4'], `q${i}`)))),
        keepPods: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        relabel: fc.option(fc.record({ ns: fc.constantFrom(...NAMESPACE_POOL), labels: fc.dictionary(fc.constantFrom('app', 'env'), fc.constantFrom('a', 'b'), { maxKeys: 2 }) }), { nil: undefined }),
        routes: editedServices(base.cluster),
      })
      .map(({ keepPolicies, added, keepPods, relabel, routes }) => {
        const seen = new Set<string>();
        const policies = [...base.cluster.policies.filter((_, i) => keepPolicies[i]), ...(added as Scenario['cluster']['policies'])].filter((p) => {
          const key = `${p.namespace}/${p.name}`;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
        let pods = base.cluster.pods.map((p, i) => ({ p, kind: base.kinds[i], keep: keepPods[i] || i === 0 }));
        pods = pods.filter((x) => x.keep);
        let namespaces = base.cluster.namespaces;
        if (relabel) namespaces = [...namespaces.filter((n) => n.name !== relabel.ns), { name: relabel.ns, labels: relabel.labels }];
        const head: Scenario = { cluster: { namespaces, pods: pods.map((x) => x.p), policies, ...routes }, kinds: pods.map((x) => x.kind) };
        return [base, head] as [Scenario, Scenario];
      }),
  );
}

const editLabelsArb: fc.Arbitrary<RefPod['labels']> = fc.dictionary(fc.constantFrom('app', 'tier', 'env'), fc.constantFrom('a', 'b', 'c'), { maxKeys: 3 });

/** Mostly `undefined`: edits are rare, so most pairs are untouched and a missed dependency shows. */
const rarely = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof({ arbitrary: fc.constant(undefined), weight: 6 }, { arbitrary: arb, weight: 1 });
const mostlyTrue = fc.oneof({ arbitrary: fc.constant(true), weight: 6 }, { arbitrary: fc.constant(false), weight: 1 });

/**
 * A scenario derived from `base` by edits of every kind the loader distinguishes: pods relabelled,
 * re-ported, removed and added; policies edited, removed and added; a namespace relabelled. `tag` goes
 * into the names of added objects, so edits of an edited scenario add objects of their own.
 */
export function editedScenario(base: Scenario, tag = ''): fc.Arbitrary<Scenario> {
  const podEdits = Math.max(6, base.cluster.pods.length);
  const policyEdits = Math.max(4, base.cluster.policies.length);
  return fc
    .record({
      pods: fc.array(fc.record({ keep: mostlyTrue, relabel: rarely(editLabelsArb), dropPorts: rarely(fc.constant(true)) }), { minLength: podEdits, maxLength: podEdits }),
      newPods: fc.array(fc.record({ namespace: fc.constantFrom(...NAMESPACE_POOL, 'ns4'), labels: editLabelsArb }), { maxLength: 1 }),
      policies: fc.array(fc.record({ keep: mostlyTrue, edit: rarely(policyArb([...NAMESPACE_POOL, 'ns4'], 'x')) }), { minLength: policyEdits, maxLength: policyEdits }),
      added: fc.array(policyArb([...NAMESPACE_POOL, 'ns4'], 'q'), { maxLength: 1 }),
      // One namespace relabelled in half the cases: it touches pods no policy edit names.
      relabel: fc.option(fc.record({ ns: fc.constantFrom(...NAMESPACE_POOL), labels: editLabelsArb }), { nil: undefined }),
      routes: editedServices(base.cluster),
    })
    .map((e) => {
      const pods: RefPod[] = [];
      const kinds: Scenario['kinds'] = [];
      base.cluster.pods.forEach((p, i) => {
        const edit = e.pods[i];
        if (!edit.keep && i > 0) return;
        pods.push({ ...p, labels: edit.relabel ?? p.labels, ports: edit.dropPorts ? [] : p.ports });
        kinds.push(base.kinds[i]);
      });
      e.newPods.forEach((p, i) => {
        pods.push({ namespace: p.namespace, name: `new${tag}${i}`, labels: p.labels, ports: [] });
        kinds.push('Deployment');
      });
      const policies = base.cluster.policies.flatMap((p, i) => {
        const edit = e.policies[i];
        if (!edit.keep) return [];
        return [edit.edit ? { ...edit.edit, name: p.name, namespace: p.namespace } : p];
      });
      e.added.forEach((p, i) => policies.push({ ...p, name: `q${tag}${i}` }));
      let namespaces = base.cluster.namespaces;
      if (e.relabel) namespaces = [...namespaces.filter((n) => n.name !== e.relabel!.ns), { name: e.relabel.ns, labels: e.relabel.labels }];
      return { cluster: { namespaces, pods, policies, ...e.routes }, kinds };
    });
}

/**
 * Services and Ingresses of a scenario derived from `base`'s: mostly the same, else a Service's port
 * re-targeted (to a number or a container port name), an Ingress dropped, or all drawn again (which may add
 * the first ones). Empty lists are left out, as clusterArb does.
 */
export function editedServices(base: RefCluster): fc.Arbitrary<Pick<RefCluster, 'services' | 'ingresses'>> {
  const services = base.services ?? [];
  const ingresses = base.ingresses ?? [];
  const retarget = fc.record({ service: fc.nat(), port: fc.nat(), target: fc.oneof(fc.constantFrom(...PORT_POOL), fc.constantFrom(...PORT_NAMES)) }).map(({ service, port, target }) => {
    if (services.length === 0) return { services, ingresses };
    const k = service % services.length;
    const edited = services.map((sv, i) => (i !== k ? sv : { ...sv, ports: sv.ports.map((p, j) => (j === port % sv.ports.length ? { ...p, targetPort: target } : p)) }));
    return { services: edited, ingresses };
  });
  const dropIngress = fc.nat().map((k) => ({ services, ingresses: ingresses.filter((_, i) => i !== k % Math.max(1, ingresses.length)) }));
  return fc
    .oneof({ weight: 6, arbitrary: fc.constant({ services, ingresses }) }, { weight: 1, arbitrary: retarget }, { weight: 1, arbitrary: dropIngress }, { weight: 1, arbitrary: servicesArb(base.pods) })
    .map((r) => (r.services.length || r.ingresses.length ? r : {}));
}
