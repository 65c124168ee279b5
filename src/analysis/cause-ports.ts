/**
 * What a pair of rules given to (or taken from) pods other policies isolate (IsolationCause
 * `isolatedByOthers`) says of every pod of its cause's subject, and, where the rules have no peers, of every
 * peer. A rule's port name (`port: http`) reaches the number the destination pod's container port of that
 * name has (Kubernetes resolves it per destination pod): toward a workload the diff gives that number (`TCP
 * 81`, the workload's `http`), which is the workload's alone. For ingress the workload is a pod of the
 * subject, and the subject's other pods number the name otherwise or lack it; for egress another destination
 * does. So such a pair's numbers that its allowing rules give only by a port name are told by that name
 * (`TCP http`, whatever number a pod gives it), as pairs toward pods the manifests do not hold tell them
 * already: "opens egress from ns1/[all pods] … to every destination on TCP http", not "… on TCP 81".
 */
import type { Direction, NetworkPolicy, PeerRef, Protocol, Reason, Side, Workload } from '../engine/index.js';
import { ConnectionSet, NamedConns, isNamedPort, rulePortNumbers } from '../engine/index.js';

/**
 * `conn` (a pair's opened or closed set) as said of every pod of the cause's subject: unchanged unless `dst`
 * is a workload; then its numbers the pair's allowing rules (`allowed-by-rule` reasons of `allowing`, looked up
 * in `policies`: the allowing side's policies by id) name by number, and each of those rules' port names that
 * the workload numbers within `conn`. A rule no lookup finds keeps `conn` as it is.
 */
export function causeConns(dst: PeerRef, conn: NamedConns, reasons: readonly Reason[], allowing: Side, policies: (id: string) => NetworkPolicy | undefined): NamedConns {
  if (dst.type !== 'workload') return conn;
  const given = portsByName(dst.workload, conn.conn, reasons, allowing, policies);
  if (!given) return conn;
  return NamedConns.of(conn.conn.intersect(given.numbered), given.names.map(({ protocol, name }) => ({ protocol, name })));
}

/** A rule's port name as a destination workload numbers it: `grpc` → TCP 9090. */
export interface NamedPortNumber {
  readonly protocol: Protocol;
  readonly name: string;
  readonly port: number;
}

/**
 * Of a pair toward workload `dst` and its allowing rules (`allowed-by-rule` reasons of side `allowing`): the
 * numbers those rules give by number (`numbered`), and each of their port names that `dst` numbers within
 * `conn` (once per name). Undefined when a rule no lookup finds leaves it unknown.
 */
export function portsByName(dst: Workload, conn: ConnectionSet, reasons: readonly Reason[], allowing: Side, policies: (id: string) => NetworkPolicy | undefined): { readonly numbered: ConnectionSet; readonly names: readonly NamedPortNumber[] } | undefined {
  let numbered = ConnectionSet.NONE;
  const names = new Map<string, NamedPortNumber>();
  for (const r of reasons) {
    if (r.kind !== 'allowed-by-rule' || r.side !== allowing) continue;
    const rule = ruleOf(policies(r.policy), r.direction, r.rule);
    if (!rule) return undefined;
    numbered = numbered.union(rulePortNumbers(rule));
    if (rule.ports === 'any') continue;
    for (const spec of rule.ports) {
      if (!isNamedPort(spec)) continue;
      const given = dst.namedPorts.find((np) => np.name === spec.port && np.protocol === spec.protocol);
      if (given && conn.ports(spec.protocol).has(given.port)) names.set(`${spec.protocol}/${spec.port}`, { protocol: spec.protocol, name: spec.port, port: given.port });
    }
  }
  return { numbered, names: [...names.values()] };
}

/** The policy's rule of `direction` at `index` (as an `allowed-by-rule` reason counts them), if any. */
const ruleOf = (policy: NetworkPolicy | undefined, direction: Direction, index: number) => policy?.[direction][index];
