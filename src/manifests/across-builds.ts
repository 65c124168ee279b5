/**
 * Facts a merge settles once every document is read (load.ts `mergeDocuments`) that name objects another
 * build may hold. Several builds of one cluster (manifests/builds.ts: a Kustomize component two Flux
 * Kustomizations use splits the load) are each merged alone, so a Rollout whose `spec.workloadRef` names a
 * Deployment of another build read as naming nothing (its pods left out), and a Kyverno rule generating a
 * NetworkPolicy per object of another kind made none for the other builds' objects and said it matched
 * nothing (nu42b, finding 2's follow-ups), and a CiliumNetworkPolicy naming a CiliumCIDRGroup of another build
 * matched no address, and an app-template release whose `chartRef` names another build's OCIRepository could not
 * be read as the chart version it serves (chart-refs.ts). A build of several leaves them `Unsettled` instead, and
 * `settleAcross` settles them on the builds' cluster as one, as the blind spots are said (load.ts
 * `loadManifests`), and again on each revert the rollback evaluates, with what the reloaded builds leave
 * (builds.ts `combineBuilds`: a reverted rule's base version makes its policies for the other builds' objects):
 * the same semantics as within one build (kinds/template-workloads.ts, kinds/kyverno-object-generate.ts,
 * kinds/cilium-cidr-group.ts). Not settled here: a CiliumClusterwideNetworkPolicy naming another build's group (its
 * namespaced copies are made per build), and Calico policies of a tier another build defines (placed per build).
 * Pure.
 */
import type { Cluster, ClusterPolicy, NetworkPolicy, SourceRef, Workload } from '../engine/model.js';
import type { Diagnostic } from './diagnostics.js';
import type { WorkloadRefDraft } from './kinds/template-workloads.js';
import type { ObjectGenerate, ObjectIdentity } from './kinds/kyverno-object-generate.js';
import { generatedPolicies, unmatchedMessage } from './kinds/kyverno-object-generate.js';
import { onceBy } from '../util/once.js';
import type { CidrGroup } from './kinds/cilium-cidr-group.js';
import { CidrGroups } from './kinds/cilium-cidr-group.js';
import type { CiliumDeferred } from './kinds/cilium-policy.js';
import { resolveCiliumDeferred } from './kinds/cilium-policy.js';
import type { ChartRefRelease } from './kinds/app-template.js';
import { chartRefReadings, chartSourcesOf } from './chart-refs.js';

/** What one build of several left to the builds' cluster as one. */
export interface Unsettled {
  /** Rollouts whose `spec.workloadRef` names a workload the build does not hold: the reference, and the Rollout as read (left out of the build's cluster). */
  readonly refs: { readonly draft: WorkloadRefDraft; readonly rollout: Workload }[];
  /** Ids of the build's workloads written with `replicas: 0`: a Rollout of another build that runs their template replaces them. */
  readonly zeroReplicas: Set<string>;
  /** Every Kyverno rule of the build generating a NetworkPolicy per object of another kind, and every such object it holds. */
  readonly generates: ObjectGenerate[];
  readonly objects: ObjectIdentity[];
  /** Every CiliumCIDRGroup of the build, and the names of those it holds only as copies the API server rejects. */
  readonly groups: CidrGroup[];
  readonly rejectedGroups: Set<string>;
  /** Its namespaced Cilium policies naming a CiliumCIDRGroup it does not hold (their parts, made with the build's groups, are replaced by id). */
  readonly deferred: CiliumDeferred[];
  /** Its app-template releases whose chartRef names a source it does not hold (read as chart 4 in the build: replaced by id when another build's source serves chart 3, chart-refs.ts; the sources are the clusters' `chartSources`). */
  readonly chartRefs: ChartRefRelease[];
}

export function emptyUnsettled(): Unsettled {
  return { refs: [], zeroReplicas: new Set(), generates: [], objects: [], groups: [], rejectedGroups: new Set(), deferred: [], chartRefs: [] };
}

/** The warning for a Rollout whose `workloadRef` names no workload whose template is read (`written`: what it names). */
export function workloadRefMessage(rollout: Pick<Workload, 'namespace' | 'name'>, draft: Pick<WorkloadRefDraft, 'target' | 'written'>): string {
  const why = draft.target === undefined ? 'a kind whose pod template reachdiff does not read (only apps/v1 Deployment and ReplicaSet)' : 'which the manifests do not define';
  return `Rollout ${rollout.namespace}/${rollout.name}: spec.workloadRef names ${draft.written}, ${why}; the Rollout's pods are not analysed`;
}

/**
 * `cluster` (the builds' clusters merged, builds.ts `mergeClusters`) with what the builds left unsettled settled
 * on it: each Rollout given the pods of the workload its reference names in any build (that workload left out
 * when the reference scales it down or it is written with `replicas: 0`, as within a build), and each Kyverno
 * rule's policies made for the matching objects of every build (those a build made already kept once, by id), and
 * each namespaced Cilium policy naming a group its build lacks made with every build's groups (replacing, by id, the
 * parts its build made).
 * `diagnostics`: a reference naming no workload of any build, a rule matching no object of any build, each once
 * at its line. `hostNetwork`: the Rollouts that now run a hostNetwork workload's template.
 */
export function settleAcross(cluster: Cluster, builds: readonly Unsettled[], hostNetwork: ReadonlySet<string>): { cluster: Cluster; diagnostics: Diagnostic[]; hostNetwork: Set<string> } {
  const diagnostics: Diagnostic[] = [];
  const warn = (message: string, ref: SourceRef) => diagnostics.push({ severity: 'warning', code: 'UNSUPPORTED_FIELD', message, ref });
  const running = new Set(hostNetwork);
  const refs = builds.flatMap((b) => b.refs);
  let workloads = cluster.workloads;
  if (refs.length > 0) {
    const byId = new Map(cluster.workloads.map((w) => [w.id, w] as const));
    const zero = new Set(builds.flatMap((b) => [...b.zeroReplicas]));
    const replaced = new Set<string>();
    const said = new Set<string>();
    for (const { draft, rollout } of refs) {
      // The same Rollout of a file two builds deploy into one namespace: settled once.
      if (said.has(draft.rollout) || byId.has(draft.rollout)) continue;
      said.add(draft.rollout);
      const target = draft.target === undefined ? undefined : byId.get(draft.target);
      if (!target) {
        warn(workloadRefMessage(rollout, draft), rollout.ref);
        continue;
      }
      byId.set(draft.rollout, { ...rollout, podLabels: target.podLabels, namedPorts: target.namedPorts, templateFrom: target.id });
      if (draft.scalesDown || zero.has(target.id)) replaced.add(target.id);
      if (running.has(target.id)) running.add(draft.rollout);
    }
    for (const id of replaced) byId.delete(id);
    workloads = [...byId.values()];
  }
  let policies = cluster.policies;
  const generates = onceBy(builds.flatMap((b) => b.generates), (g) => g.key);
  if (generates.length > 0) {
    const objects = onceBy(builds.flatMap((b) => b.objects), (o) => `${o.apiVersion}/${o.kind}/${o.namespace}/${o.name}`);
    const generated = generatedPolicies(generates, objects);
    const known = new Set(policies.map((p) => p.id));
    const added: NetworkPolicy[] = generated.policies.filter((p) => !known.has(p.id));
    if (added.length) policies = [...policies, ...added];
    // A rule no object of any build matches: what it makes in the cluster is not known, said at its line.
    for (const r of generated.unmatched) warn(unmatchedMessage(r), r.ref);
  }
  let clusterPolicies = cluster.clusterPolicies;
  const deferred = onceBy(builds.flatMap((b) => b.deferred), (d) => d.key);
  if (deferred.length > 0) {
    // Each build's groups, the first copy of a name winning as within a build (cilium-cidr-group.ts).
    const groups = new CidrGroups(builds.flatMap((b) => b.groups), new Set(builds.flatMap((b) => [...b.rejectedGroups])));
    const made = new Map<string, NetworkPolicy>();
    const denied = new Map<string, ClusterPolicy>();
    for (const d of deferred) {
      const read = resolveCiliumDeferred(d, groups, (message, ref) => diagnostics.push({ severity: 'warning', code: 'UNSUPPORTED_PEER', message, ref }));
      for (const p of read.policies) made.set(p.id, p);
      for (const p of read.denies) denied.set(p.id, p);
    }
    // The build's parts of these policies, made with its own groups, give way to these (same ids); a new id is added.
    const replace = <T extends { readonly id: string }>(list: readonly T[], by: ReadonlyMap<string, T>): T[] => [...list.map((x) => by.get(x.id) ?? x), ...[...by.values()].filter((x) => !list.some((y) => y.id === x.id))];
    if (made.size) policies = replace(policies, made);
    if (denied.size) clusterPolicies = replace(clusterPolicies ?? [], denied);
  }
  // App-template releases whose chartRef names another build's source: read as the chart it serves (chart-refs.ts).
  const chartRefs = onceBy(builds.flatMap((b) => b.chartRefs), (r) => r.key);
  if (chartRefs.length > 0) {
    // The builds' clusters' sources: a build reloaded for a revert brings its sources as reverted.
    const sources = chartSourcesOf([{ chartSources: [...(cluster.chartSources ?? [])] }]);
    const { asChart3 } = chartRefReadings(chartRefs, sources, warn);
    if (asChart3.size > 0) {
      const swapped = [...asChart3];
      const byId = <T extends { readonly id: string }>(list: readonly T[], out: (r: ChartRefRelease) => readonly T[], into: (r: ChartRefRelease) => readonly T[]): T[] => {
        const gone = new Set(swapped.flatMap((r) => out(r).map((x) => x.id)));
        return [...list.filter((x) => !gone.has(x.id)), ...onceBy(swapped.flatMap(into), (x) => x.id)];
      };
      workloads = byId(workloads, (r) => r.asChart4.workloads, (r) => r.asChart3.workloads);
      policies = byId(policies, (r) => r.asChart4.policies, (r) => r.asChart3.policies);
      for (const r of swapped) for (const id of r.asChart3.hostNetwork) running.add(id);
    }
  }
  const settled = workloads === cluster.workloads && policies === cluster.policies && clusterPolicies === cluster.clusterPolicies ? cluster : { ...cluster, workloads, policies, ...(clusterPolicies ? { clusterPolicies } : {}) };
  return { cluster: settled, diagnostics, hostNetwork: running };
}
