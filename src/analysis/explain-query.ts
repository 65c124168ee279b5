/**
 * The user's words → an explain query on one cluster: peers as the output prints them (`ns/name`,
 * `ns/name[Kind]`, an IP, CIDR or `first-last` range, `{ingress-controller}`, an abstract peer such as
 * `ns/[pod with {app=x}]`) and ports as
 * `8080`, `8080/TCP`, `8000-8090/UDP` or a named container port of the destination (`http`, `http/TCP`).
 * Problems come back as messages the CLI prints; nothing here throws on user input.
 */
import type { Cluster, LabelSelector, PairQuery, PeerRef, Protocol } from '../engine/index.js';
import { requirements } from '../engine/abstract-peers.js';
import { AddressSet, ConnectionSet, PortSet, PROTOCOLS, parseAddress, parseCidr, parseRange } from '../engine/index.js';
import { looksAbstract, parseAbstractPeer } from './abstract-peer-id.js';

export type Resolved<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const ok = <T>(value: T): Resolved<T> => ({ ok: true, value });
const fail = <T>(message: string): Resolved<T> => ({ ok: false, message });

/** One peer of `cluster` named as in the output; `role` decides what may stand there (the controller is only a source). */
export function resolvePeer(text: string, cluster: Cluster, role: 'source' | 'destination'): Resolved<PeerRef> {
  const t = text.trim();
  if (t === '{ingress-controller}') {
    return role === 'source' ? ok({ type: 'ingress-controller' }) : fail('{ingress-controller} is only ever a source (traffic entering through Ingress objects)');
  }
  const parts = t.split(',').map((p) => parseRange(p.trim()));
  if (parts.every((p) => p !== undefined)) {
    return ok({ type: 'external', addresses: parts.reduce<AddressSet>((acc, p) => acc.union(p!), AddressSet.NONE) });
  }
  const bad = addressProblem(t);
  if (bad) return fail(bad);
  if (looksAbstract(t)) {
    // Pods the manifests do not hold: explained over the regions of label space they cover (explain-run.ts).
    const parsed = parseAbstractPeer(t);
    return parsed.ok ? ok({ type: 'pods', peer: parsed.peer }) : fail(parsed.message);
  }
  const workload = /^([^/\s]+)\/([^/[\s]+)(?:\[([A-Za-z]+)\])?$/.exec(t);
  if (workload) return resolveWorkload(cluster, workload[1], workload[2], workload[3]);
  return fail(`${t}: not a peer${bareNameHint(t, cluster)} (expected ns/name, ns/name[Kind], an IP address, a CIDR, a first-last range, {ingress-controller}, or pods by labels: ns/[all pods], ns/[pod with {k=v}], [namespace with {k=v}]/[all pods])`);
}

/** Text written as an address (dotted digits, or hex with two colons), a CIDR or a `first-last` range of them. */
const ADDRESS_LIKE = /^(?:\d+(?:\.\d+){1,}|[0-9a-fA-F]*:[0-9a-fA-F]*:[0-9a-fA-F:.]*)(?:\/\S*)?$/;

/**
 * Why `text`, meant as addresses (each comma-separated part written as one), is none: `"10.0.0.0/33" has a prefix
 * longer than 32`; undefined when a part is not written as an address at all (a workload, pods by labels). No
 * namespace name holds a dot or a colon, so such text was never a workload: read as `ns/name`, it gave "no such
 * workload (no workload in namespace 10.0.0.0)" and a hint of `10.0.0.0/[pod with {app=33}]` (new-user trial 50).
 */
function addressProblem(text: string): string | undefined {
  const parts = text.split(',').map((p) => p.trim());
  const sides = (p: string) => (p.includes('/') ? [p] : p.split('-'));
  if (!parts.every((p) => p !== '' && sides(p).every((x) => ADDRESS_LIKE.test(x)))) return undefined;
  for (const p of parts) {
    if (parseRange(p) !== undefined) continue;
    if (p.includes('/')) {
      const c = parseCidr(p);
      if (!c.ok) return `${c.message}; addresses are an IP address, a CIDR (10.0.0.0/8) or a first-last range`;
    }
    const unread = sides(p).find((x) => parseAddress(x) === undefined);
    const what = unread === p ? `"${p}"` : `"${p}": ${unread}`;
    if (unread !== undefined) return `${what} is not an IPv4 or IPv6 address (leading zeros are not accepted); addresses are an IP address, a CIDR (10.0.0.0/8) or a first-last range`;
    if (sides(p).length > 2) return `"${p}" is not a first-last range: it has more than one "-"`;
    return `"${p}" is not a first-last range: its first address is above its last`;
  }
  return undefined;
}

/** Workloads a hint names at most. */
const NAMED_AT_MOST = 3;

/**
 * `; did you mean api/orders[Deployment]?` for a bare workload name (`orders`, `orders[Deployment]`) that workloads
 * of the manifests carry, in any namespace; '' otherwise (new-user 45: `--from orders` listed only the forms).
 */
function bareNameHint(text: string, cluster: Cluster): string {
  const bare = /^([^/\s[\]{}=,]+)(?:\[([A-Za-z]+)\])?$/.exec(text);
  if (!bare) return '';
  const found = cluster.workloads.filter((w) => w.name === bare[1] && (bare[2] === undefined || w.kind === bare[2]));
  if (found.length === 0) return '';
  const named = found.slice(0, NAMED_AT_MOST).map((w) => w.id);
  return `; did you mean ${named.length === 1 ? named[0] : `${named.slice(0, -1).join(', ')} or ${named[named.length - 1]}`}${found.length > NAMED_AT_MOST ? ' (or another namespace\'s)' : ''}?`;
}

function resolveWorkload(cluster: Cluster, namespace: string, name: string, kind: string | undefined): Resolved<PeerRef> {
  const found = cluster.workloads.filter((w) => w.namespace === namespace && w.name === name && (kind === undefined || w.kind === kind));
  if (found.length === 1) return ok({ type: 'workload', workload: found[0] });
  if (found.length > 1) return fail(`${namespace}/${name} is ambiguous: ${found.map((w) => w.id).join(', ')}; add the kind, e.g. ${found[0].id}`);
  const same = cluster.workloads.filter((w) => w.namespace === namespace);
  const hint = same.length ? ` (workloads in ${namespace}: ${same.slice(0, 8).map((w) => w.id).join(', ')}${same.length > 8 ? ', …' : ''})` : ` (no workload in namespace ${namespace})`;
  // A platform repository holds policies only, and an operator's pods (a Prometheus object's) are no
  // workload of the manifests even beside others of the namespace: such pods are asked as abstract peers.
  const keys = keysNaming(cluster, namespace, name);
  const byLabels = (keys.length ? keys : ['app']).map((k) => `${namespace}/[pod with {${k}=${name}}]`);
  const abstract = `; pods the manifests do not hold are asked by labels: ${namespace}/[all pods], ${byLabels.join(', ')}`;
  return fail(`${namespace}/${name}${kind ? `[${kind}]` : ''}: no such workload${hint}${abstract}`);
}

/** Label keys the hint offers at most. */
const KEYS_OFFERED = 2;

/**
 * The label keys whose value `name` the policies' pod selectors ask for (`app.kubernetes.io/name: konflate` in a
 * subject of `namespace` or in any rule's pod peer), most used first, at most KEYS_OFFERED: what to ask by when
 * `namespace/name` is no workload of the manifests (an operator's or a chart's pods). [] when none names it.
 */
function keysNaming(cluster: Cluster, namespace: string, name: string): string[] {
  const counts = new Map<string, number>();
  const count = (s: LabelSelector) => {
    for (const r of requirements(s)) if (r.op === 'In' && r.values.includes(name)) counts.set(r.key, (counts.get(r.key) ?? 0) + 1);
  };
  for (const p of cluster.policies) {
    if (p.namespace === namespace) count(p.podSelector);
    for (const rule of [...p.ingress, ...p.egress]) {
      if (rule.peers === 'any') continue;
      for (const peer of rule.peers) if (peer.kind === 'pods' && (peer.namespaces !== 'own' || p.namespace === namespace)) count(peer.pods);
    }
  }
  return [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)).slice(0, KEYS_OFFERED).map(([k]) => k);
}

/** The asked ports: numbers, or (toward pods the manifests do not hold) one container port name. */
export interface AskedPorts {
  readonly ports: ConnectionSet;
  /** A port name of an abstract destination: `ports` is every port of its protocol (the number is unknown). */
  readonly portName?: string;
}

/**
 * `--port` values (repeatable) as one connection set; none given is every port of every protocol.
 * A named port resolves on the destination workload's containers (its protocol, or the one given). Toward
 * an abstract destination (pods the manifests do not hold) a name cannot become a number: it is asked
 * alone, as `portName`, over every port of its protocol (TCP unless given, as Kubernetes defaults a
 * container port's protocol).
 */
export function resolvePorts(values: readonly string[], dst: PeerRef): Resolved<AskedPorts> {
  if (values.length === 0) return ok({ ports: ConnectionSet.ALL });
  const items = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  let out = ConnectionSet.NONE;
  for (const raw of items) {
    const one = resolvePort(raw, dst);
    if (!one.ok) return one;
    if ('name' in one.value) {
      if (items.length > 1) return fail(`--port ${raw}: toward ${dst.type === 'pods' ? dst.peer.id : 'pods the manifests do not hold'} a port name is asked alone (its number is unknown): ask --port ${raw} and the other ports separately`);
      return ok({ ports: ConnectionSet.of(one.value.protocol, PortSet.ALL), portName: one.value.name });
    }
    out = out.union(one.value);
  }
  return ok({ ports: out });
}

function resolvePort(text: string, dst: PeerRef): Resolved<ConnectionSet | { name: string; protocol: Protocol }> {
  const m = /^([^/]+?)(?:\/([A-Za-z]+))?$/.exec(text);
  const protocol = (m?.[2] ?? '').toUpperCase();
  if (!m || (protocol && !(PROTOCOLS as readonly string[]).includes(protocol))) return fail(`--port ${text}: expected PORT[-END][/TCP|UDP|SCTP] or a named port`);
  const range = /^(\d+)(?:-(\d+))?$/.exec(m[1]);
  if (range) {
    const a = Number(range[1]);
    const b = Number(range[2] ?? range[1]);
    if (a < 1 || b > 65535 || a > b) return fail(`--port ${text}: ports are 1..65535, first ≤ last`);
    return ok(ConnectionSet.of((protocol || 'TCP') as Protocol, PortSet.range(a, b)));
  }
  // Pods the manifests do not hold: the name stays a name (diff carries it as `namedPorts`).
  if (dst.type === 'pods') return ok({ name: m[1], protocol: (protocol || 'TCP') as Protocol });
  if (dst.type !== 'workload') return fail(`--port ${text}: a named port needs a pod destination (a workload or an abstract peer, whose containers define the name)`);
  const named = dst.workload.namedPorts.filter((p) => p.name === m[1] && (!protocol || p.protocol === protocol));
  if (named.length === 0) return fail(`--port ${text}: ${dst.workload.id} has no container port named "${m[1]}"${protocol ? ` for ${protocol}` : ''}`);
  return ok(named.reduce((acc, p) => acc.union(ConnectionSet.of(p.protocol, PortSet.range(p.port))), ConnectionSet.NONE));
}

/** Both ends resolved on one cluster, or why not. External to external has no meaning (no pod decides). */
export function resolveQuery(cluster: Cluster, from: string, to: string, ports: readonly string[]): Resolved<PairQuery> {
  const src = resolvePeer(from, cluster, 'source');
  if (!src.ok) return src;
  const dst = resolvePeer(to, cluster, 'destination');
  if (!dst.ok) return dst;
  const isPod = (p: PeerRef) => p.type === 'workload' || p.type === 'pods';
  if (!isPod(src.value) && !isPod(dst.value)) return fail('one end must be a workload or an abstract peer: no policy decides traffic between two peers outside the cluster');
  const conns = resolvePorts(ports, dst.value);
  if (!conns.ok) return conns;
  return ok({ src: src.value, dst: dst.value, ...conns.value });
}
