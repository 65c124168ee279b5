/**
 * PEER_SELECTS_NOTHING: a `from`/`to` entry that selects no namespace or no pod of the manifests. Judged
 * only where the manifests can know: a namespaceSelector when no namespace matches and either a pod label
 * would (the likely cause: "CoreDNS's pod label used as a namespace selector") or the manifests define
 * namespaces and the selector asks for more than a name; a podSelector when every namespace it looks in
 * has workloads here and none matches, and no Service there selects pods it matches (service-backed.ts).
 * Two cases are told apart: a selector no label set satisfies (its requirements contradict each other)
 * allows nothing, ever; any other still admits a namespace or pod created later with those labels (the
 * abstract peer `diff` reports, e.g. `[namespace with {team=data}]/[all pods]`), so it is said to match
 * nothing the manifests hold today, not to allow nothing.
 */
import type { CompiledRule } from '../engine/compile.js';
import type { Connectivity } from '../engine/connectivity.js';
import type { LabelSelector, Labels, PodPeer } from '../engine/model.js';
import { NAMESPACE_NAME_LABEL } from '../engine/model.js';
import { peerOfRule } from '../engine/abstract-peers.js';
import type { PodClass } from '../engine/peer-classes.js';
import { selectInNamespace } from '../engine/peer-classes.js';
import { policyTerms, policyName } from '../engine/policy-terms.js';
import { operatorMayMake } from './operator-pods.js';
import { clusterDns } from './config.js';
import type { DnsTarget } from './config.js';
import { matches as matchesSelector } from '../engine/selectors.js';
import type { FindingInput } from './context.js';
import { finding, knownNamespaceLabels, knownNamespacesPicked, podPeerText, real } from './context.js';
import { contradiction, misspeltNamespace, neverTogether, otherKindMatches, sameValueOtherKey } from './selector-hints.js';
import { serviceExpecting } from './service-backed.js';
import { selectsNamespacesElsewhere } from './namespaces-elsewhere.js';
import type { Finding } from './types.js';

export function peerSelectsNothingFindings(input: FindingInput): Finding[] {
  const { conn } = input;
  const out: Finding[] = [];
  const definesNamespaces = conn.cluster.namespaces.some((ns) => ns.ref !== undefined);
  // Policies repeat the same peers (every namespace's DNS rule, every team's partners): judge each once.
  const judged = new Map<string, Dead | undefined>();
  const dnsTargets = clusterDns(input.config);
  const dnsLabels = dnsTargets.map((d) => d.podLabels);
  const isReal = (c: number) => !conn.index.classes[c].region;
  for (const rule of conn.compiled.rules) {
    if (rule.rule.peers === 'any') continue;
    const podPeers = rule.rule.peers.filter((p): p is PodPeer => p.kind === 'pods');
    // The common case: one pod peer, and the rule's compiled peers hold a workload it selects.
    if (podPeers.length === 1 && rule.peerClasses.some(isReal)) continue;
    for (const peer of podPeers) {
      const key = `${peer.namespaces === 'own' ? rule.policy.namespace : JSON.stringify(peer.namespaces)}\u0000${JSON.stringify(peer.pods)}`;
      if (!judged.has(key)) judged.set(key, deadPeer(conn, rule, peer, definesNamespaces, dnsLabels, dnsTargets));
      const why = judged.get(key);
      if (!why) continue;
      const at = `${policyName(rule.policy.id)} ${rule.direction} rule ${rule.index + 1}`;
      const peerText = podPeerText(peer, policyTerms(rule.policy));
      const end = rule.direction === 'ingress' ? 'source' : 'destination';
      const later = why.missing === 'namespace' ? 'the pods of a namespace created later with those labels' : 'a pod created later with those labels';
      const what = why.missing === 'never' ? `so this ${end} allows nothing` : `so this ${end} matches no pod the manifests hold; it would match ${later} (${peerOfRule(rule.policy, peer).id} in diff)`;
      out.push(
        finding('PEER_SELECTS_NOTHING', {
          message: `${at}: ${peerText} ${why.reason}, ${what}.`,
          ref: peer.ref,
          subject: rule.policy.id,
          object: `${rule.direction}:${peerText}`,
          fix: why.fix,
        }),
      );
    }
  }
  return out;
}

interface Dead {
  readonly reason: string;
  readonly fix: string;
  /**
   * What is missing: a matching `namespace` or `pod` of the manifests (one created later would match), or
   * `never`: no label set satisfies the selector, so nothing ever matches it.
   */
  readonly missing: 'namespace' | 'pod' | 'never';
}

const CORRECT = 'Correct the selector to labels the intended namespaces and pods carry.';
const POD_LABEL_AS_NAMESPACE = 'Move those labels to podSelector (in the same entry, so both apply) and select the namespace by its own labels, e.g. kubernetes.io/metadata.name.';
const NAMESPACE_LABEL_AS_POD = 'Move those labels to namespaceSelector (in the same entry, so both apply).';
const dead = (missing: 'namespace' | 'pod', reason: string, fix = CORRECT): Dead => ({ reason, fix, missing });
const never = (reason: string): Dead => ({ reason, fix: CORRECT, missing: 'never' });

function deadPeer(conn: Connectivity, rule: CompiledRule, peer: PodPeer, definesNamespaces: boolean, dnsLabels: readonly Labels[], dnsTargets: readonly DnsTarget[]): Dead | undefined {
  const { index } = conn;
  if (peer.namespaces !== 'own') {
    const nsContradiction = contradiction(peer.namespaces);
    if (nsContradiction) return never(`matches no namespace (${nsContradiction})`);
    // Namespaces the manifests know (not the parts of unknown namespaces that abstract peers stand for).
    const namespaces = knownNamespacesPicked(conn, peer.namespaces);
    if (namespaces.length === 0) {
      const podContradiction = contradiction(peer.pods);
      if (podContradiction) return never(`matches no pod (${podContradiction})`);
      if (otherKindMatches(peer.namespaces, dnsLabels)) return dead('namespace', "matches no namespace: its namespaceSelector uses the DNS pods' label (CoreDNS's pod label used as a namespace selector)", POD_LABEL_AS_NAMESPACE);
      if (otherKindMatches(peer.namespaces, real(index.classes).map((c) => c.podLabels))) return dead('namespace', 'matches no namespace: its namespaceSelector uses a pod label (likely meant as a podSelector)', POD_LABEL_AS_NAMESPACE);
      // Not when it picks namespaces from outside the repository only (`name: openshift-monitoring`, OpenShift's
      // `network.openshift.io/policy-group`): their labels are unknown here (namespaces-elsewhere.ts).
      if (definesNamespaces && !namesOnly(peer.namespaces) && !selectsNamespacesElsewhere(peer.namespaces, new Set(definedNamespaces(conn)))) return dead('namespace', 'matches no namespace defined in the manifests');
      // A name the manifests define nowhere, an edit or two from one they define: likely misspelt.
      const typo = definesNamespaces ? misspeltNamespace(peer.namespaces, new Set(knownNamespaceLabels(conn).keys()), definedNamespaces(conn)) : undefined;
      if (typo) return dead('namespace', `matches no namespace: ${typo.name} is defined nowhere in the manifests, while ${typo.near} ${typo.builtIn ? 'is a namespace of every cluster' : 'is'} (misspelt?)`, `Correct the name to ${typo.near}, unless namespace ${typo.name} is created elsewhere.`);
      return undefined;
    }
    return deadPods(conn, peer.pods, namespaces, dnsTargets);
  }
  return deadPods(conn, peer.pods, [rule.policy.namespace], dnsTargets);
}

function deadPods(conn: Connectivity, pods: LabelSelector, namespaces: readonly string[], dnsTargets: readonly DnsTarget[]): Dead | undefined {
  const { index } = conn;
  const hasReal = (classes: readonly PodClass[] | undefined) => (classes ?? []).some((c) => !c.region);
  if (namespaces.some((ns) => hasReal(selectInNamespace(index, ns, pods)))) return undefined;
  // The cluster's DNS pods (CoreDNS's `k8s-app: kube-dns` in kube-system, or the configured DNS) come with the
  // cluster, not the repository: a peer that selects them matches pods that exist, as DNS_EGRESS_MISSING reads
  // them (dns-egress.ts, an abstract DNS pod), though kube-system holds other workloads here (real-eval 24: every
  // DNS rule of a repository deploying a kube-system app was said to match no pod).
  if (dnsTargets.some((d) => namespaces.includes(d.namespace) && matchesSelector(pods, d.podLabels) && !holdsDnsElse(conn, d))) return undefined;
  const podContradiction = contradiction(pods);
  if (podContradiction) return never(`matches no pod (${podContradiction})`);
  // A namespace without workloads here may hold pods deployed from elsewhere: the selector could match them.
  if (!namespaces.every((ns) => hasReal(index.byNamespace.get(ns)))) return undefined;
  // So may one where a Helm release not read installs pods (Cluster.unreadReleaseNamespaces: a chart not rendered).
  if (namespaces.some((ns) => conn.cluster.unreadReleaseNamespaces?.includes(ns))) return undefined;
  // Or where an operator makes pods from a custom resource this selector may mean (operator-pods.ts: a CloudNativePG Cluster's `cnpg.io/cluster: orders`).
  if (namespaces.some((ns) => operatorMayMake(conn, ns, pods))) return undefined;
  // So may pods a Service here fronts though no workload carries its labels (an operator's, a chart's).
  if (namespaces.some((ns) => serviceExpecting(conn, ns, pods))) return undefined;
  const candidates = namespaces.flatMap((ns) => real(index.byNamespace.get(ns) ?? []));
  if (otherKindMatches(pods, [...knownNamespaceLabels(conn).values()])) return dead('pod', 'matches no pod: its podSelector uses a namespace label (likely meant as a namespaceSelector)', NAMESPACE_LABEL_AS_POD);
  const together = neverTogether(pods, candidates.map((c) => c.podLabels)) ?? sameValueOtherKey(pods, candidates, (c) => c.podLabels, (c) => c.workloads[0].id);
  return dead('pod', `matches no pod in ${namespaces.length === 1 ? namespaces[0] : `the ${namespaces.length} namespaces it selects`}${together ? ` (${together})` : ''}`);
}

/**
 * Whether the manifests hold the DNS namespace's DNS under other labels: a workload there named like a DNS
 * server (`coredns`, `kube-dns`) that the target's labels do not select. A peer of the target's labels then
 * misses the DNS the repository deploys, and is judged as any other.
 */
function holdsDnsElse(conn: Connectivity, d: DnsTarget): boolean {
  const selector: LabelSelector = { matchLabels: d.podLabels, expressions: [] };
  return real(conn.index.byNamespace.get(d.namespace) ?? []).some((c) => !matchesSelector(selector, c.podLabels) && c.workloads.some((w) => /(^|-)(core-?dns|kube-dns)($|-)/.test(w.name)));
}

/** The namespaces the manifests define (a Namespace object), by name. */
function definedNamespaces(conn: Connectivity): string[] {
  return conn.cluster.namespaces.filter((ns) => ns.ref !== undefined).map((ns) => ns.name);
}

/** A selector asking only for namespace names: the namespace may simply be defined elsewhere. */
function namesOnly(s: LabelSelector): boolean {
  const keys = [...Object.keys(s.matchLabels), ...s.expressions.map((e) => e.key)];
  return keys.length > 0 && keys.every((k) => k === NAMESPACE_NAME_LABEL);
}
