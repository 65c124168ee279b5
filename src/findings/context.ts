/** What every finding kind reads: the engine's results for one commit, the loader's diagnostics, the configuration. */
import type { UnmodelledObject } from '../manifests/unmodelled-summary.js';
import type { Connectivity } from '../engine/connectivity.js';
import type { Direction, LabelSelector, Labels, PodPeer, SourceRef, Workload } from '../engine/model.js';
import { knownNamespaces } from '../engine/regions.js';
import type { PodClass } from '../engine/peer-classes.js';
import { bracedSelectorText, matches } from '../engine/selectors.js';
import type { PolicyTerms } from '../engine/policy-terms.js';
import { policyTerms, policyName } from '../engine/policy-terms.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import { FINDING_RULES } from './catalogue.js';
import type { UnchangedFrom } from './unchanged-from.js';
import type { FindingsConfig } from './config.js';
import type { Finding, FindingCode } from './types.js';

export interface FindingInput {
  readonly conn: Connectivity;
  /** The loader's diagnostics for the same commit (its errors become findings). */
  readonly diagnostics: readonly Diagnostic[];
  readonly config: FindingsConfig;
  /** Objects of policy kinds reachdiff does not model (Calico, Cilium …): findings that say nothing isolates a workload name those that may. */
  readonly unmodelled?: readonly UnmodelledObject[];
  /** Ids of the workloads whose pods use hostNetwork (LoadResult.hostNetwork): policies may not apply to them. */
  readonly hostNetwork?: ReadonlySet<string>;
  /**
   * A diff's base side, when this is its head (computed after base's findings over `conn`): findings the change
   * does not reach are base's, not computed again (unchanged-from.ts). Absent: every finding computed.
   */
  readonly unchangedFrom?: UnchangedFrom;
}

/** A finding of `code` with the catalogue's default severity (configuration may change it later). */
export function finding(code: FindingCode, fields: Omit<Finding, 'code' | 'severity'>): Finding {
  return { code, severity: FINDING_RULES[code].severity, ...fields };
}

/** Classes of workloads the manifests hold (not label-space regions standing for pods defined elsewhere). */
export function real(classes: readonly PodClass[]): PodClass[] {
  return classes.filter((c) => !c.region);
}

/**
 * The namespaces the manifests know by name, with their labels: defined, or holding workloads,
 * NetworkPolicies or Services (an undefined one carries only its name label), on this side — the
 * namespaces regions are cut for (regions.ts `knownNamespaces`). The same
 * whether or not the analysis added label-space regions (whose index also lists the namespaces the other
 * side of a diff knows, and parts of the namespaces the manifests do not know).
 */
export function knownNamespaceLabels(conn: Connectivity): ReadonlyMap<string, Labels> {
  const { cluster } = conn;
  let out = knownLabels.get(cluster);
  if (!out) knownLabels.set(cluster, (out = new Map([...knownNamespaces([cluster])].map(([name, sets]) => [name, sets[0]]))));
  return out;
}

/** `knownNamespaceLabels` per cluster: every peer a finding judges asks again. */
const knownLabels = new WeakMap<object, Map<string, Labels>>();

/** The names of `knownNamespaceLabels` that `selector` picks. */
export function knownNamespacesPicked(conn: Connectivity, selector: LabelSelector): string[] {
  return [...knownNamespaceLabels(conn)].flatMap(([name, labels]) => (matches(selector, labels) ? [name] : []));
}

/** Every workload of a class, for findings reported per workload. */
export function* workloadsOf(classes: readonly PodClass[]): Generator<[PodClass, Workload]> {
  for (const c of classes) for (const w of c.workloads) yield [c, w];
}

/** A policy that selects a class in a direction: its name for messages and where it is written. */
export interface Isolating {
  readonly name: string;
  readonly ref: SourceRef;
}

/** The policies that select a class in a direction: NetworkPolicies, then cluster-wide ones (Admin, Baseline). */
export function isolatingPolicies(conn: Connectivity, direction: Direction, cls: number): Isolating[] {
  const out: Isolating[] = conn.compiled.capturedBy[direction][cls].map((p) => ({ name: policyName(p.id), ref: p.ref }));
  for (const tier of ['Admin', 'Baseline'] as const) {
    for (const rule of conn.tiers.rulesOf[tier][direction][cls]) {
      const name = `${rule.policy.kind} ${rule.policy.name}`;
      if (!out.some((o) => o.name === name)) out.push({ name, ref: rule.policy.ref });
    }
  }
  return out;
}

/** `ns/name`, or `ns/name, ns/other and 3 more`: the policies named in a message. */
export function policyList(policies: readonly { readonly name: string }[], max = 2): string {
  const ids = policies.map((p) => p.name);
  return ids.length <= max ? ids.join(' and ') : `${ids.slice(0, max).join(', ')} and ${ids.length - max} more`;
}

/**
 * A pod peer as written: `namespaceSelector {team=data} podSelector {app=db}`, or `podSelector {…}` in the
 * policy's namespace; an empty (or absent) selector is `{}`.
 */
export function podPeerText(peer: PodPeer, terms: PolicyTerms = policyTerms({})): string {
  const pods = `${terms.peerSelector} ${bracedSelectorText(peer.pods)}`;
  if (peer.namespaces === 'own') return pods;
  // A Cilium endpoint selector names its namespaces by labels of its own (io.kubernetes.pod.namespace, io.cilium.k8s.namespace.labels.*).
  return terms.subject === 'podSelector' ? `namespaceSelector ${bracedSelectorText(peer.namespaces)} ${pods}` : `${pods} in namespaces ${bracedSelectorText(peer.namespaces)}`;
}

export type { SourceRef };
