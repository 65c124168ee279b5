/**
 * DNS_EGRESS_MISSING / DNS_TCP_MISSING: a workload whose egress is isolated must still reach cluster DNS
 * on UDP (and TCP for answers too large for UDP) on one of that DNS's ports. Cluster DNS is any of the
 * well-known implementations (config.ts KNOWN_DNS: `k8s-app: kube-dns` in `kube-system` on 53, OpenShift's
 * `dns.operator.openshift.io/daemonset-dns: default` in `openshift-dns` on 5353), or the one `findings.dns`
 * configures instead; reaching any one of them on UDP and TCP is enough. Each is pods and/or addresses.
 * When its pods are in the manifests, the full connectivity decides (their ingress too); so do
 * label-space regions standing for such pods when the analysis has them; otherwise the workload's egress
 * rules are judged against an abstract DNS pod with those labels, in that namespace, with CoreDNS's named
 * ports. A finding names the implementation the workload came closest to reaching (the first on a tie).
 *
 * A Cilium egress rule toward the `host` entity (the pod's own node) on a DNS port reaches cluster DNS only where
 * a node-local DNS cache answers on each node (Kubernetes' NodeLocal DNSCache: a hostNetwork DaemonSet). When the
 * manifests deploy one (`nodeLocalDns`), such a rule allows the lookups; otherwise the finding names the rule and
 * is a warning, not an error, since a cache may be installed outside the manifests (real repositories 45: a test
 * namespace's `toEntities: [host]` on 53 with a DNS L7 rule, read as "name lookups fail").
 */
import { AddressSet } from '../engine/address-set.js';
import { parseCidr } from '../engine/cidr.js';
import { ConnectionSet } from '../engine/connection-set.js';
import type { CompiledRule } from '../engine/compile.js';
import { isCaptured } from '../engine/compile.js';
import { classConn, isFree } from '../engine/connectivity.js';
import type { Connectivity } from '../engine/connectivity.js';
import type { NamedPort, Rule, SourceRef, Workload } from '../engine/model.js';
import { NAMESPACE_NAME_LABEL } from '../engine/model.js';
import type { PodClass } from '../engine/peer-classes.js';
import { selectInNamespace } from '../engine/peer-classes.js';
import { bracedSelectorText } from '../engine/selectors.js';
import { mergeByOrder } from '../engine/direction-rows.js';
import { egressTowardPod } from '../engine/egress-toward-pod.js';
import { policyName } from '../engine/policy-terms.js';
import type { DnsTarget } from './config.js';
import { clusterDns } from './config.js';
import type { FindingInput } from './context.js';
import { finding, isolatingPolicies, policyList } from './context.js';
import type { DnsEnds, TcpCause } from './dns-tcp-cause.js';
import { tcpCause } from './dns-tcp-cause.js';
import type { Finding } from './types.js';
import { unmodelledSelecting } from './unmodelled-selecting.js';
import type { PodAddressRule } from '../analysis/pod-address-rules.js';
import { podAddressAllows, podAddressDenies } from '../analysis/pod-address-rules.js';
import { baseRecord, recordOf } from './unchanged-from.js';
import { andListOfPhrases } from '../util/and-list.js';

/**
 * CoreDNS's container ports, for rules that name them (`port: dns`) when its pods are not in the manifests:
 * the first configured DNS port (OpenShift's pods name 5353 the same way).
 */
function corednsPorts(port: number): readonly NamedPort[] {
  return [
    { name: 'dns', port, protocol: 'UDP' },
    { name: 'dns-tcp', port, protocol: 'TCP' },
  ];
}

export function dnsEgressFindings(input: FindingInput): Finding[] {
  const { conn, config } = input;
  const targets = clusterDns(config).map((dns) => ({ dns, reach: dnsReach(conn, dns) }));
  const out: Finding[] = [];
  if (targets.length === 0) return out;
  const nodeLocal = nodeLocalDns(conn.cluster.workloads, input.hostNetwork) !== undefined;
  // A class of an unchanged namespace, the DNS namespaces unchanged too, has base's findings (unchanged-from.ts):
  // it reads its own egress policies and the DNS pods with their ingress. Each workload's own notes are head's.
  // Whether a node-local DNS cache runs is part of the key: it decides what a rule toward the host allows.
  const key = JSON.stringify([targets.map((t) => t.dns), nodeLocal]);
  const from = input.unchangedFrom;
  const kept = from && !targets.some((t) => from.changed.has(t.dns.namespace)) ? baseRecord(from)?.dns.get(key) : undefined;
  const own = recordOf(conn).dns;
  let record = own.get(key);
  if (!record) own.set(key, (record = new WeakMap()));
  for (const cls of conn.index.classes) {
    if (cls.workloads.length === 0) continue;
    const known = kept && !from!.changed.has(cls.namespace) ? keptFindings(kept, cls.workloads) : undefined;
    const found = known ?? classFindings(conn, cls, targets, nodeLocal);
    for (let i = 0; i < cls.workloads.length; i++) {
      const w = cls.workloads[i];
      const f = found[i];
      record.set(w, f);
      if (!f) continue;
      const others = unmodelledSelecting(input.unmodelled ?? [], w, true);
      const g = others.length ? unlessUnmodelled(f, others) : f;
      out.push(input.hostNetwork?.has(w.id) ? onHostNetwork(g) : g);
    }
  }
  return out;
}

/** Base's findings of these workloads, when it recorded every one of them. */
function keptFindings(kept: WeakMap<Workload, Finding | null>, workloads: readonly Workload[]): (Finding | null)[] | undefined {
  const out: (Finding | null)[] = [];
  for (const w of workloads) {
    const f = kept.get(w);
    if (f === undefined) return undefined;
    out.push(f);
  }
  return out;
}

/** Each workload's finding of a class of workloads (null: none), before the workload's own notes (unmodelled policies, hostNetwork). */
function classFindings(conn: Connectivity, cls: PodClass, targets: readonly { readonly dns: DnsTarget; readonly reach: DnsReach }[], nodeLocal: boolean): (Finding | null)[] {
  if (targets.some((t) => t.reach.isDns(cls)) || isFree(conn, 'egress', cls.index)) return cls.workloads.map(() => null);
  const host = hostRules(conn, cls);
  // With a node-local DNS cache on every node, what a rule toward the host allows on a DNS port reaches DNS.
  const judged = targets.map((t) => (nodeLocal ? throughHost(judge(t.dns, t.reach.of(cls)), host) : judge(t.dns, t.reach.of(cls))));
  const reached = judged.filter((j) => j.udp && j.tcp);
  if (reached.length) {
    const denied = reached.map((j) => addressDenials(conn, cls, j.dns, targets.find((t) => t.dns === j.dns)!.reach));
    // Reached for certain through one DNS: no finding. Else the first DNS's rules that may take its lookups away.
    if (denied.some((d) => !d)) return cls.workloads.map(() => null);
    const d = denied[0]!;
    return cls.workloads.map((w) => mayBeDenied(w, d, describe(d.dns), portsText(d.dns.ports)));
  }
  const { dns, udp, tcp } = closest(judged);
  const reach = targets.find((t) => t.dns === dns)!.reach;
  const described = describe(dns);
  const policies = isolatingPolicies(conn, 'egress', cls.index);
  const ref = policies[0].ref;
  const ports = portsText(dns.ports);
  // What no rule allows, UDP or (UDP reached) TCP, may pass through address rules that may hold the DNS pods' addresses.
  const byAddress = dnsPodAddressRules(conn, cls, reach, dns.ports, udp ? 'TCP' : 'UDP');
  // No node-local DNS cache in the manifests, and a rule toward the host admits the lookups (UDP): said as such.
  const towardHost = udp ? undefined : host.find((r) => judge(dns, r.conns).udp);
  return cls.workloads.map((w) => {
    const f = udp
      ? tcpMissing(w, tcpCause(conn, cls, w, reach, dns.ports), ref, described, ports)
      : towardHost
        ? dnsOnlyTowardHost(w, towardHost.rule.hostEntity!.ref, described, tcp, policyList(policies), ports)
        : dnsMissing(w, ref, described, tcp, policyList(policies), ports);
    return byAddress.length ? unlessPodAddresses(f, byAddress) : f;
  });
}

/**
 * The class's egress address rules (ipBlock, Calico nets, AdminNetworkPolicy networks) that may hold the DNS pods'
 * addresses on `protocol` to one of the DNS's ports (analysis/pod-address-rules.ts, the quiet changes' and half-open
 * findings' test), reached in the evaluator's order (not after a Deny that takes that traffic first): the model reads
 * them as addresses outside the cluster, but a plugin matching pods by address (Calico) reaches DNS through them.
 * Toward DNS pods the manifests hold, only those whose ingress admits the class there; toward the abstract DNS pod,
 * its ingress unknown. None when a configured pod network (`podCIDRs`) does not overlap them.
 */
function dnsPodAddressRules(conn: Connectivity, cls: PodClass, reach: DnsReach, dnsPorts: readonly number[], protocol: 'UDP' | 'TCP'): readonly PodAddressRule[] {
  const ports = dnsPorts.reduce((acc, p) => acc.union(ConnectionSet.port(protocol, p)), ConnectionSet.NONE);
  const ends = reach.pods.length ? reach.pods.filter((d) => !conn.pairs.oneSided('ingress', d.index, cls.index).intersect(ports).isEmpty()) : reach.abstract ? [reach.abstract] : [];
  return podAddressAllows(conn, cls, ends, ports).mayHold;
}

/**
 * The finding of a workload whose egress address rules may hold the DNS pods' addresses: the Kubernetes API reference
 * leaves whether an ipBlock matches pod IPs to the network plugin, and Calico (as others) matches them, so lookups may
 * well work there: a warning naming those rules, not an error, as unlessUnmodelled does for policies not modelled.
 */
function unlessPodAddresses(f: Finding, rules: readonly PodAddressRule[]): Finding {
  const which = rules.map((r) => `${r.field ?? 'ipBlock'} ${r.cidr} of ${r.policy} (${r.ref.file}:${r.ref.line})`).join(', or ');
  return {
    ...f,
    ...(f.severity === 'error' ? { severity: 'warning' as const } : {}),
    message: `${f.message.replace(/\.$/, '')}, unless ${which} holds the DNS pods' addresses (a network plugin that matches pods by address, such as Calico, then allows it).`,
    fix: `If the DNS pods' addresses are not in ${rules.length === 1 ? 'it' : 'them'} (or the plugin does not match pods by address): ${f.fix ? f.fix[0].toLowerCase() + f.fix.slice(1) : ''}`,
  };
}

/** Address rules that may take a DNS protocol away: each alone, or only `together` (analysis/pod-address-rules.ts podAddressDenies). */
interface Loss {
  readonly rules: readonly PodAddressRule[];
  readonly together: boolean;
}

/** What of `dns` address rules may take away: UDP, TCP, or both (at least one). */
interface Denial {
  readonly dns: DnsTarget;
  readonly udp?: Loss;
  readonly tcp?: Loss;
}

/**
 * The class's egress address rules (a Deny of Calico `nets` or AdminNetworkPolicy `networks`, of any tier; a Pass that
 * may hand the lookups past what allows them) that may hold the DNS pods' addresses and would take away what the class
 * reaches of `dns` on UDP, on TCP, were they read as matching those pods (analysis/pod-address-rules.ts
 * `podAddressDenies`, the mirror of what DNS_EGRESS_MISSING's `unless` names): the model reads them as addresses outside
 * the cluster, as for an Allow, so it reaches DNS past them where Calico may not. Rules that do it only together (a Deny
 * of each of the DNS's ports, a Pass and a Deny after it) count as one. Undefined when none does.
 */
function addressDenials(conn: Connectivity, cls: PodClass, dns: DnsTarget, reach: DnsReach): Denial | undefined {
  const ends = reach.pods.length ? reach.pods : reach.abstract ? [reach.abstract] : [];
  if (ends.length === 0) return undefined;
  const lossOf = (protocol: 'UDP' | 'TCP'): Loss | undefined => {
    const ports = dns.ports.reduce((acc, p) => acc.union(ConnectionSet.port(protocol, p)), ConnectionSet.NONE);
    const lost = (egress: (dst: PodClass) => ConnectionSet) => !judge(dns, reach.through(cls, egress))[protocol === 'UDP' ? 'udp' : 'tcp'];
    const found = podAddressDenies(conn, cls, ends, ports, lost);
    return found.mayHold.length ? { rules: found.mayHold, together: found.together } : undefined;
  };
  const udp = lossOf('UDP');
  const tcp = lossOf('TCP');
  return udp || tcp ? { dns, ...(udp ? { udp } : {}), ...(tcp ? { tcp } : {}) } : undefined;
}

/** A rule as a DNS finding cites it: `nets 10.0.0.0/8 of Calico GlobalNetworkPolicy x (k8s.yaml:12)`. */
function ruleText(r: PodAddressRule): string {
  return `${r.field ?? 'ipBlock'} ${r.cidr} of ${r.policy} (${r.ref.file}:${r.ref.line})`;
}

const refKey = (r: PodAddressRule) => `${r.ref.file}:${r.ref.line} ${r.cidr}`;

/**
 * The finding of a workload that reaches DNS but past egress address rules that may hold the DNS pods' addresses
 * (addressDenials): a warning, as unlessPodAddresses says the other way, at the first rule, the other rules it cites its
 * `parts`. DNS_EGRESS_MISSING when UDP may be lost (TCP too, by other rules: a second sentence names them),
 * DNS_TCP_MISSING when TCP only. Rules that lose it each alone are joined by "or", rules that lose it only together by
 * "and".
 */
function mayBeDenied(w: Workload, denial: Denial, described: string, ports: string): Finding {
  const main = (denial.udp ?? denial.tcp)!;
  const protocol = denial.udp ? 'UDP' : 'TCP';
  const cited = new Set(main.rules.map(refKey));
  const moreTcp = denial.udp && denial.tcp?.rules.some((r) => !cited.has(refKey(r))) ? denial.tcp : undefined;
  const all = [...main.rules, ...(moreTcp?.rules.filter((r) => !cited.has(refKey(r))) ?? [])];
  const which = (l: Loss) => (l.together ? andListOfPhrases(l.rules.map(ruleText)) : l.rules.map(ruleText).join(', or '));
  const fails = protocol === 'UDP' ? 'name lookups fail' : 'answers too large for UDP fail';
  const comes = main.together
    ? `${which(main)} together come before what allows it, and if they hold the DNS pods' addresses`
    : `${which(main)} comes before what allows it, and if it holds the DNS pods' addresses`;
  const tcpToo = moreTcp ? ` The same holds on TCP ${ports} for ${which(moreTcp)}${moreTcp.together ? ' together' : ''}, so answers too large for UDP fail too.` : '';
  const them = all.length === 1 ? 'it' : 'them';
  const f = finding(protocol === 'UDP' ? 'DNS_EGRESS_MISSING' : 'DNS_TCP_MISSING', {
    message: `${w.id} may not reach cluster DNS (${described}) on ${protocol} ${ports}: ${comes}, a network plugin that matches pods by address (such as Calico) does not let it through there, so ${fails}.${tcpToo}`,
    ref: main.rules[0].ref,
    subject: w.id,
    object: protocol === 'UDP' ? 'dns' : 'dns-tcp',
    fix: `If the DNS pods' addresses are in ${main.together && !moreTcp ? 'all of them' : them} (and the plugin matches pods by address): allow egress from ${w.id} to ${described} on UDP ${ports} and TCP ${ports} in a rule evaluated before ${them}, or narrow ${main.together && !moreTcp ? 'one of them' : them} so the DNS pods' addresses are left out.`,
    ...(all.length > 1 ? { parts: all.slice(1).map((r) => r.ref) } : {}),
  });
  return f.severity === 'error' ? { ...f, severity: 'warning' } : f;
}

/** What a workload may send to one DNS implementation: on UDP / TCP to one of its ports, anything at all. */
interface Judged {
  readonly dns: DnsTarget;
  readonly udp: boolean;
  readonly tcp: boolean;
  readonly some: boolean;
}

function judge(dns: DnsTarget, allowed: ConnectionSet): Judged {
  return {
    dns,
    udp: dns.ports.some((p) => allowed.ports('UDP').has(p)),
    tcp: dns.ports.some((p) => allowed.ports('TCP').has(p)),
    some: !allowed.isEmpty(),
  };
}

/**
 * The DNS the workload came closest to reaching, for the message: UDP on its port, else TCP, else some
 * other port of its pods (a rule toward OpenShift's DNS on 53 is about OpenShift's DNS); the first on a tie.
 */
function closest(judged: readonly Judged[]): Judged {
  const rank = (j: Judged) => (j.udp ? 3 : j.tcp ? 2 : j.some ? 1 : 0);
  return judged.reduce((best, j) => (rank(j) > rank(best) ? j : best));
}

/**
 * The finding of a hostNetwork workload: a notice, never failing a check. Policy behaviour for host-network
 * pods is undefined in the NetworkPolicy spec and many CNI plugins do not enforce policies on them (the
 * HOST_NETWORK warning says so); and such pods resolve names through their node's resolver unless
 * `dnsPolicy: ClusterFirstWithHostNet`, so cluster DNS may not be what their lookups need.
 */
function onHostNetwork(f: Finding): Finding {
  return {
    ...f,
    severity: 'notice',
    // The consequence is the CNI's and the pod's dnsPolicy's to decide: said as a condition, not a fact.
    message: `${f.message.replace(/, so [^.]*\.$/, '.')} It uses hostNetwork: this matters only where the CNI plugin applies policies to host-network pods and its dnsPolicy is ClusterFirstWithHostNet (otherwise it resolves names through its node), so it is a notice.`,
  };
}

/**
 * The finding of a workload that a policy of a kind reachdiff does not model may select (a Kyverno
 * generator making an allow-dns policy in every namespace it labels): that policy may allow DNS, so the
 * finding says so and is a warning, not an error that fails the check (real-eval 22: webgrip/homelab-cluster's
 * namespaces get default-deny and allow-dns from one Kyverno ClusterPolicy, and every Job read as unable to
 * resolve names). The workload's own egress rules still do not allow DNS, which the warning keeps saying.
 */
function unlessUnmodelled(f: Finding, others: readonly string[]): Finding {
  const which = others.length === 1 ? others[0] : `one of ${others.join(', ')}`;
  return {
    ...f,
    ...(f.severity === 'error' ? { severity: 'warning' as const } : {}),
    message: `${f.message.replace(/\.$/, '')}, unless ${which} allows it (not modelled by reachdiff).`,
    fix: `If ${others.length === 1 ? 'that policy does' : 'those policies do'} not: ${f.fix ? f.fix[0].toLowerCase() + f.fix.slice(1) : ''}`,
  };
}

/** The class's egress allow rules toward Cilium's `host` entity, with the connections each admits (its ports). */
function hostRules(conn: Connectivity, cls: PodClass): { readonly rule: Rule; readonly conns: ConnectionSet }[] {
  return conn.compiled.rulesOf.egress[cls.index].flatMap((r) => (r.rule.hostEntity ? [{ rule: r.rule, conns: r.conns(null) }] : []));
}

/** `j` with what rules toward the host admit on the DNS's ports added (a node-local DNS cache answers there). */
function throughHost(j: Judged, host: readonly { readonly conns: ConnectionSet }[]): Judged {
  if (host.length === 0) return j;
  const h = host.map((r) => judge(j.dns, r.conns));
  return { ...j, udp: j.udp || h.some((x) => x.udp), tcp: j.tcp || h.some((x) => x.tcp), some: j.some || h.some((x) => x.some) };
}

/**
 * The node-local DNS cache the manifests deploy, if any: a DaemonSet whose pods use hostNetwork, named or labelled
 * (`k8s-app`, `app`, `app.kubernetes.io/name`) `node-local-dns` (Kubernetes' NodeLocal DNSCache addon) or
 * `nodelocaldns` (Kubespray's). It answers on each node's own address, which Cilium calls the `host` entity.
 */
export function nodeLocalDns(workloads: readonly Workload[], hostNetwork: ReadonlySet<string> | undefined): Workload | undefined {
  const names = new Set(['node-local-dns', 'nodelocaldns']);
  const named = (w: Workload) => names.has(w.name) || ['k8s-app', 'app', 'app.kubernetes.io/name'].some((k) => names.has(w.podLabels[k] ?? ''));
  return hostNetwork?.size ? workloads.find((w) => w.kind === 'DaemonSet' && hostNetwork.has(w.id) && named(w)) : undefined;
}

/**
 * DNS_EGRESS_MISSING of a workload whose egress allows the lookups only toward the host entity (`hostRef`), the
 * manifests deploying no node-local DNS cache: a warning at that rule, since the cache may run without them.
 */
function dnsOnlyTowardHost(w: Workload, hostRef: SourceRef, described: string, tcp: boolean, policies: string, ports: string): Finding {
  const f = finding('DNS_EGRESS_MISSING', {
    message: `${w.id} cannot reach cluster DNS (${described}) on UDP ${ports}${tcp ? '' : ` or TCP ${ports}`} unless a node-local DNS cache runs on its node: its egress is isolated by ${policies} and allows DNS only toward the host entity (${hostRef.file}:${hostRef.line}), and the manifests deploy no node-local DNS (a hostNetwork DaemonSet), so without one name lookups fail.`,
    ref: hostRef,
    subject: w.id,
    object: 'dns',
    fix: `If no node-local DNS cache runs on the nodes: allow egress from ${w.id} to ${described} on UDP ${ports} and TCP ${ports} (cluster DNS is not on the host entity).`,
  });
  return f.severity === 'error' ? { ...f, severity: 'warning' } : f;
}

/** A DNS's ports as text: `53`, or `53/5353` for several. */
function portsText(ports: readonly number[]): string {
  return ports.join('/');
}

function dnsMissing(w: Workload, ref: SourceRef, described: string, tcp: boolean, policies: string, ports: string): Finding {
  return finding('DNS_EGRESS_MISSING', {
    message: `${w.id} cannot reach cluster DNS (${described}) on UDP ${ports}${tcp ? '' : ` or TCP ${ports}`}: its egress is isolated by ${policies} and no egress rule allows it, so name lookups fail.`,
    ref,
    subject: w.id,
    object: 'dns',
    fix: `Allow egress from ${w.id} to ${described} on UDP ${ports} and TCP ${ports} (e.g. an allow-dns policy with podSelector: {} in ${w.namespace}).`,
  });
}

/**
 * UDP reaches DNS, TCP does not: the message names what drops TCP and the fix is the one for that cause,
 * at its line (a Deny rule's, the DNS pods' ingress policy's), not an edit of an egress rule that may
 * already allow TCP.
 */
function tcpMissing(w: Workload, cause: TcpCause, egressRef: SourceRef, described: string, ports: string): Finding {
  const reaches = `${w.id} reaches cluster DNS (${described}) on UDP ${ports} but not on TCP ${ports}`;
  const fails = 'so answers too large for UDP fail.';
  const at = { subject: w.id, object: 'dns-tcp' };
  switch (cause.kind) {
    case 'egress-rules':
      // At the rule that lets UDP through, which the fix edits; else the first policy isolating the egress.
      return finding('DNS_TCP_MISSING', { message: `${reaches}, ${fails}`, ref: cause.ref ?? egressRef, ...at, fix: `Add TCP port ${ports} beside UDP ${ports} in the egress rule toward ${described}.` });
    case 'deny': {
      const fix = cause.cilium
        ? `Narrow ${cause.rule} so it leaves out TCP ${ports} toward ${described} (its toPorts or its peers): a Cilium deny wins over every allow, so no allow rule can bring it back.`
        : cause.calicoTier
          ? `Narrow ${cause.rule} so it leaves out TCP ${ports} toward ${described}, or add an \`action: Allow\` rule for it ahead of that Deny in ${cause.calicoTier}.`
          : cause.tier === 'Admin'
          ? `Narrow ${cause.rule} so it leaves out TCP ${ports} toward ${described}, or allow it in an Admin-tier rule evaluated before it: an Admin-tier Deny comes before every NetworkPolicy.`
          : `Narrow ${cause.rule} so it leaves out TCP ${ports} toward ${described}.`;
      return finding('DNS_TCP_MISSING', { message: `${reaches}: ${cause.rule} denies it, ${fails}`, ref: cause.ref, ...at, fix });
    }
    case 'dns-ingress': {
      const names = policyList(cause.policies.map((p) => ({ name: policyName(p.policy) })));
      return finding('DNS_TCP_MISSING', {
        message: `${reaches}: the DNS pods' ingress (${names}) does not admit it, ${fails}`,
        ref: cause.policies[0]?.ref ?? egressRef,
        ...at,
        fix: `Add TCP port ${ports} beside UDP ${ports} in the ingress rule of ${names} that admits ${w.id}.`,
      });
    }
  }
}

interface DnsReach extends DnsEnds {
  isDns(cls: PodClass): boolean;
  /** What the class may send to DNS (pods and addresses together). */
  of(cls: PodClass): ConnectionSet;
  /** `of`, with the class's egress toward each DNS pod (held or abstract) `egress(pod)` instead of the evaluator's own. */
  through(cls: PodClass, egress: (pod: PodClass) => ConnectionSet): ConnectionSet;
}

function dnsReach(conn: Connectivity, dns: DnsTarget): DnsReach {
  const selector = { matchLabels: dns.podLabels, expressions: [] };
  const pods = selectInNamespace(conn.index, dns.namespace, selector);
  const podSet = new Set(pods.map((c) => c.index));
  const addresses = dns.cidrs.reduce((acc, c) => {
    const parsed = parseCidr(c);
    return parsed.ok ? acc.union(parsed.set) : acc;
  }, AddressSet.NONE);
  const abstract = pods.length === 0 && dns.cidrs.length === 0 ? abstractDnsClass(conn, dns) : undefined;
  const towardAbstract = abstract && abstractReacher(conn, abstract);
  // Toward DNS pods (each held pod's ingress too; the abstract pod's unknown), then toward the DNS addresses.
  const reachOf = (cls: PodClass, egress: ((pod: PodClass) => ConnectionSet) | undefined) => {
    let allowed = ConnectionSet.NONE;
    for (const d of pods) allowed = allowed.union(egress ? classConn(conn, cls.index, d.index).intersect(egress(d)) : classConn(conn, cls.index, d.index));
    if (!addresses.isEmpty()) {
      for (const piece of conn.external.egress[cls.index]) if (!piece.addresses.intersect(addresses).isEmpty()) allowed = allowed.union(piece.conn);
    }
    if (abstract) allowed = allowed.union(egress ? egress(abstract) : towardAbstract!(cls));
    return allowed;
  };
  return {
    pods,
    addresses,
    ...(abstract ? { abstract } : {}),
    isDns: (cls) => podSet.has(cls.index),
    of: (cls) => reachOf(cls, undefined),
    through: reachOf,
  };
}

/** A DNS pod the manifests do not hold: the configured labels, in the configured namespace. */
function abstractDnsClass(conn: Connectivity, dns: DnsTarget): PodClass {
  const nsLabels = conn.index.namespaces.get(dns.namespace)?.labels ?? { [NAMESPACE_NAME_LABEL]: dns.namespace };
  return { index: -1, namespace: dns.namespace, nsLabels, podLabels: dns.podLabels, namedPorts: corednsPorts(dns.ports[0] ?? 53), workloads: [] };
}

/**
 * The source's egress toward the abstract DNS pod (its ingress is unknown, so only the source's side
 * counts), tier by tier: the Admin and Baseline rules that select such a pod (an AdminNetworkPolicy or
 * Cilium deny of TCP 53 drops it whatever the NetworkPolicies allow), and its NetworkPolicy egress rules
 * that select it: the evaluator's chain (engine/egress-toward-pod.ts). That reads only the class's three
 * egress rule lists (and whether a NetworkPolicy captures it), which classes selected by the same policies
 * share as the very same arrays (compile.ts, tiers.ts): so it is worked out once per distinct triple of
 * lists, not once per class (10,000 classes of the 10k bench, a few hundred distinct lists).
 */
function abstractReacher(conn: Connectivity, dnsPod: PodClass): (cls: PodClass) => ConnectionSet {
  // NetworkPolicy egress list (or NOT_CAPTURED) → Admin list → Baseline list → the reach.
  const known = new Map<object, Map<object, Map<object, ConnectionSet>>>();
  return (cls) => {
    const admin = conn.tiers.rulesOf.Admin.egress[cls.index];
    const baseline = conn.tiers.rulesOf.Baseline.egress[cls.index];
    const np = isCaptured(conn.compiled, 'egress', cls.index) ? conn.compiled.rulesOf.egress[cls.index] : NOT_CAPTURED;
    let byAdmin = known.get(np);
    if (!byAdmin) known.set(np, (byAdmin = new Map()));
    let byBaseline = byAdmin.get(admin);
    if (!byBaseline) byAdmin.set(admin, (byBaseline = new Map()));
    let reach = byBaseline.get(baseline);
    if (!reach) byBaseline.set(baseline, (reach = egressTowardPod(mergeByOrder(admin, baseline), np === NOT_CAPTURED ? undefined : (np as readonly CompiledRule[]), dnsPod)));
    return reach;
  };
}

/** The key of a class no NetworkPolicy captures for egress. */
const NOT_CAPTURED = {};

function describe(dns: DnsTarget): string {
  const pods = `${dns.namespace}/${bracedSelectorText({ matchLabels: dns.podLabels, expressions: [] })}`;
  return dns.cidrs.length ? `${pods} or ${dns.cidrs.join(', ')}` : pods;
}
