/**
 * One cluster model as `list` analyses it (its files loaded, connectivity, diagnostics, findings and,
 * with --exposure, what its workloads are exposed to), and the notes `list` adds on stderr: shared by
 * the listing of one target (list-command.ts) and of several in turn (list-targets.ts).
 */
import type { Cluster, Connectivity, Exposure, NetworkPolicy, Workload } from '../engine/index.js';
import { abstractPeer, computeConnectivity, computeExposure, exposureInNamespace, isEmptySelector } from '../engine/index.js';
import type { Finding, FindingsConfig } from '../findings/index.js';
import { commitFindings } from '../findings/index.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import type { ManifestFile } from '../manifests/load.js';
import { loadManifests } from '../manifests/load.js';
import { ciliumObjectKey } from '../manifests/kinds/cilium-policy.js';
import { withPodNetwork } from '../manifests/pod-network.js';
import { exposureIsEmpty, exposureMarkdown, exposureNothingMarkdown, exposureNothingText, exposureText } from '../report/exposure-formats.js';
import { allDiagnostics } from '../report/warnings.js';
import type { ListOptions } from './list-command.js';
import { UsageError } from './errors.js';
import { exposureOutsideIgnored, inIgnoredNamespace } from '../analysis/ignored-namespaces.js';
import { errorsMayHideWorkloads } from './unread-workloads.js';
import { helmReleaseNotices } from '../targets/helm-releases.js';
import type { Notice } from '../targets/types.js';
import { notesForPeople } from '../report/grouped-notes.js';
import { firstAndMore } from '../util/and-list.js';
import { plural } from '../util/plural.js';
import { noticePlace } from '../report/notice-place.js';

/** Above this many rows `list` stops (exit 2) unless --max-pairs says otherwise. */
export const DEFAULT_MAX_PAIRS = 1_000_000;

export interface ListedModel {
  readonly cluster: Cluster;
  readonly connectivity: Connectivity;
  /** What is wrong with the input as read: the read's diagnostics, the loader's and the analysis's. */
  readonly diagnostics: readonly Diagnostic[];
  /** Whether any diagnostic is an error. */
  readonly errors: boolean;
  /** Whether an error may stand for a workload the model lacks (unread-workloads.ts). */
  readonly errorsMayHideWorkloads: boolean;
  /** For the contract's JSON (text and Markdown list connections only). */
  readonly findings: readonly Finding[];
  /** With --exposure (narrowed to --namespace when given). */
  readonly exposure?: Exposure;
}

/** `files` loaded and analysed; `read`: the diagnostics of reading them (unreadable files, renders). */
export function listModel(files: readonly ManifestFile[], read: readonly Diagnostic[], options: ListOptions, findingsConfig: FindingsConfig): ListedModel {
  const loaded = withPodNetwork(loadManifests(files), options.podNetwork);
  const connectivity = computeConnectivity(loaded.cluster);
  const diagnostics = allDiagnostics([...read, ...loaded.diagnostics], connectivity.diagnostics);
  const ignored = options.ignoreNamespaces ?? [];
  const findings = commitFindings({ conn: connectivity, diagnostics: loaded.diagnostics, config: findingsConfig, unmodelled: loaded.unmodelled, hostNetwork: loaded.hostNetwork }).filter((f) => !inIgnoredNamespace(f.subject, ignored));
  const exposed = options.exposure ? exposureOutsideIgnored(computeExposure(connectivity), ignored) : undefined;
  const exposure = exposed && options.namespace !== undefined ? exposureInNamespace(exposed, options.namespace) : exposed;
  const errors = diagnostics.some((d) => d.severity === 'error');
  return { cluster: loaded.cluster, connectivity, diagnostics, errors, errorsMayHideWorkloads: errors && errorsMayHideWorkloads(files, diagnostics), findings, ...(exposure ? { exposure } : {}) };
}

/** Errors left nothing to list: no workload nor policy of any kind could be read. */
export function nothingRead(model: ListedModel): boolean {
  const { cluster } = model;
  return model.errors && cluster.workloads.length === 0 && cluster.policies.length === 0 && (cluster.clusterPolicies ?? []).length === 0;
}

/** Like kubectl's "No resources found in NS namespace.": a narrowed listing that is empty says why. */
export function emptyNamespaceNote(workloads: readonly Workload[], namespace: string | undefined): string {
  if (namespace === undefined || workloads.some((w) => w.namespace === namespace)) return '';
  const names = [...new Set(workloads.map((w) => w.namespace))].sort();
  const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')} …` : names.join(', ');
  return `reachdiff: no workload in namespace ${namespace}${names.length ? ` (workloads are in ${shown})` : ''}\n`;
}

/**
 * The Flux HelmReleases of `files` that nothing renders (targets/helm-releases.ts): what they install is in no
 * model, so `list` has no row of it. An app-template release is read from its values (its workloads are listed)
 * and left out.
 */
export function unrenderedReleases(files: readonly ManifestFile[]): Notice[] {
  // Once each: a file several cluster models read is one release.
  const seen = new Set<string>();
  return helmReleaseNotices(files).filter((n) => {
    const at = `${n.ref?.file}:${n.ref?.line}`;
    return RELEASE.test(n.message) && !seen.has(at) && seen.add(at) !== undefined;
  });
}

const RELEASE = /^Flux HelmRelease (\S+)/;

/** The `note:` lines of unrendered HelmReleases for stderr, three or more as one (grouped-notes.ts), as `diff` writes its footnotes. */
export function releaseNotes(releases: readonly Notice[]): string {
  return notesForPeople(releases).map((n) => `note: ${n.message}${noticePlace(n)}\n`).join('');
}

/**
 * A listing of a repository without workloads (policies only, the apps deployed from elsewhere) is
 * empty by nature: say so, with what the manifests do hold and, when they hold policies, where such a
 * repository is judged (diff's abstract peers, explain with pods by labels) — unless `hidden`: an error
 * read may stand for a workload (unread-workloads.ts), so the repository may not be policy-only. When
 * `releases` (Flux HelmReleases nothing renders: `unrenderedReleases`) install what the repository deploys,
 * it says so and how to list it: render their charts (`--render`, `targets[].helm`; docs/targets.md).
 */
export function noWorkloadsNote(clusters: readonly Cluster[], hidden: boolean, releases: readonly Notice[] = []): string {
  if (clusters.some((c) => c.workloads.length > 0)) return '';
  const sum = (n: (c: Cluster) => number) => clusters.reduce((s, c) => s + n(c), 0);
  // A Cilium policy is in the model as allow rules (one copy per namespace for the clusterwide kind) and deny rules: counted once, by the object they come from.
  const cilium = new Set<string>();
  for (const c of clusters) {
    for (const p of c.policies) if (p.kind === 'CiliumNetworkPolicy' || p.kind === 'CiliumClusterwideNetworkPolicy') cilium.add(ciliumObjectKey({ kind: p.kind, name: p.name, namespace: p.namespace }));
    for (const p of c.clusterPolicies ?? []) if (p.kind === 'CiliumNetworkPolicy' || p.kind === 'CiliumClusterwideNetworkPolicy') cilium.add(ciliumObjectKey({ kind: p.kind, name: p.name }));
  }
  // A Calico policy likewise: its isolation and late Allow rules in the NetworkPolicy tier, its ordered rules as tier parts.
  const calico = new Set<string>();
  for (const c of clusters) {
    for (const p of c.policies) if (p.kind === 'CalicoNetworkPolicy') calico.add(`${p.namespace}/${p.name}`);
    for (const p of c.policies) if (p.kind === 'CalicoGlobalNetworkPolicy') calico.add(p.name);
    for (const p of c.clusterPolicies ?? []) if (p.calico) calico.add(p.name);
  }
  const counts = [
    [sum((c) => c.policies.filter((p) => !p.kind).length), 'NetworkPolicy', 'NetworkPolicies'],
    [cilium.size, 'Cilium policy', 'Cilium policies'],
    [calico.size, 'Calico policy', 'Calico policies'],
    [sum((c) => (c.clusterPolicies ?? []).filter((p) => !p.kind.startsWith('Cilium') && !p.calico).length), 'cluster-wide policy', 'cluster-wide policies'],
  ] as const;
  const held = counts.filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  const none = 'reachdiff: no workloads (Deployment, StatefulSet, Pod …) in the manifests';
  const names = releases.map((n) => RELEASE.exec(n.message)?.[1] ?? n.message);
  const installed = releases.length ? `${plural(releases.length, 'Flux HelmRelease')} (${firstAndMore(names, 3)}), whose ${releases.length === 1 ? 'chart' : 'charts'} reachdiff does not render` : '';
  const render = releases.length
    ? `; to list what ${releases.length === 1 ? 'it installs' : 'they install'}, render ${releases.length === 1 ? 'its chart' : 'their charts'}: --render 'CMD' with a command that writes the manifests (such as helm template RELEASE CHART --repo URL --namespace NS), or targets[].helm in the configuration for a chart of this repository (docs/targets.md, "Helm charts and other rendered manifests")`
    : '';
  if (held.length === 0) return installed ? `${none} nor policies, only ${installed}: nothing to list${render}\n` : `${none} nor policies: nothing to list\n`;
  const advice = hidden ? '' : "; for what the policies allow pods the manifests do not hold, use `reachdiff diff` (its abstract peers) between two versions, or `reachdiff explain` with pods by labels (--from 'NS/[pod with {app=web}]')";
  return `${none}, only ${[...held, ...(installed ? [installed] : [])].join(' and ')}: list pairs workloads${render}${advice}\n`;
}

/**
 * The exposure after the listing; when it has no row, one line saying so and why. `policies`: the cluster's,
 * for a repository of policies only: the line then names how to see what they allow the pods they select
 * (`explain` with pods by labels, one of theirs as the example; new-user 39 #13).
 */
export function exposureTail(exposure: Exposure, md: boolean, workloads: readonly Workload[], namespace: string | undefined, ignored: readonly string[] = [], policies: readonly NetworkPolicy[] = []): string {
  if (!exposureIsEmpty(exposure)) return md ? exposureMarkdown(exposure) : exposureText(exposure);
  const why =
    workloads.length === 0
      ? `the manifests hold no workload; exposure is per workload${policyPodsAdvice(policies, namespace)}`
      : namespace !== undefined && !workloads.some((w) => w.namespace === namespace)
        ? `no workload in namespace ${namespace}`
        : ignored.length > 0 && workloads.every((w) => ignored.includes(w.namespace))
          ? 'every workload is in a namespace the configuration ignores (ignoreNamespaces)'
          : 'no workload is exposed to pods the manifests do not hold, and policies protect every workload';
  return md ? exposureNothingMarkdown(why) : exposureNothingText(why);
}

/**
 * `; for the pods a policy selects, …explain … --to 'web/[pod with {app=api}]'`: the pods of the first policy (by
 * namespace and name, in `namespace` when given) that selects by labels, else of the first; '' without policies.
 */
function policyPodsAdvice(policies: readonly NetworkPolicy[], namespace: string | undefined): string {
  const inScope = policies.filter((p) => namespace === undefined || p.namespace === namespace);
  if (inScope.length === 0) return '';
  const sorted = [...inScope].sort((a, b) => (a.namespace === b.namespace ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.namespace < b.namespace ? -1 : 1));
  const example = sorted.find((p) => !isEmptySelector(p.podSelector)) ?? sorted[0];
  return `; for what the policies allow the pods they select, use \`reachdiff explain\` with pods by labels (--from SRC --to '${abstractPeer(example.namespace, example.podSelector).id}') or \`reachdiff diff\` between two versions`;
}

/**
 * Above --max-pairs (default 1,000,000) rows, `list` stops before printing any, saying how many there
 * would be and how to narrow; `targets`: how many targets they are listed over (several: --target too).
 */
export function checkMaxPairs(target: string, count: number, options: ListOptions, targets = 1): void {
  const maxPairs = options.maxPairs ?? DEFAULT_MAX_PAIRS;
  if (count <= maxPairs) return;
  const n = (x: number) => x.toLocaleString('en-US');
  const scope = (options.namespace === undefined ? '' : ` with an end in namespace ${options.namespace}`) + (targets > 1 ? ` over ${targets} targets` : '');
  const narrow = (options.namespace === undefined ? ', --namespace NS (only pairs with an end in that namespace)' : ', another --namespace') + (targets > 1 ? ', --target NAME (one target)' : '');
  throw new UsageError(`${target}: list would print ${n(count)} pairs${scope}, more than --max-pairs ${n(maxPairs)}. Narrow it with --path GLOB (some of the manifests)${narrow}, or print compact groups with --group (sources that reach the same destinations the same way, in one row), or raise --max-pairs.`);
}

export function* concat(chunks: Iterable<string>, tail: string): Generator<string> {
  yield* chunks;
  if (tail) yield tail;
}
