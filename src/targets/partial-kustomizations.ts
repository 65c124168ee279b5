/**
 * A folder that is a kustomization and a `kubectl apply -f` folder at once. rook's `deploy/examples`
 * holds ~145 manifests users apply one by one (`kubectl create -f crds.yaml -f common.yaml -f
 * operator.yaml`), and a `kustomization.yaml` that builds 3 of them for an OpenShift bundle. Taken as a
 * kustomization only, the folder's other files (the operator Deployment, the toolbox, the
 * NetworkPolicies) were in no target, and a change to them read "no change" (real-eval 10, C-d).
 * `kubectl apply -f FILE` ignores the kustomization file, so such files are plain manifests.
 *
 * The folder's manifest files: those whose nearest kustomization folder up the tree is this one (a
 * subfolder without a kustomization of its own belongs to it, as the layout's "inside a kustomization"
 * does) with an `apiVersion` and a `kind` line. Listed: some kustomization of the side
 * reads it (`resources`, patches, `components`, generators' files: Kustomize's `kustomization.yaml`
 * reference), this one or another build. Not counted either way: files named as patches (`*patch*`),
 * which hold partial objects, and files a kustomization names in a commented-out entry (`#
 * - upstream/in-memory-channel.yaml`, kubebuilder's `#- manager_auth_proxy_patch.yaml`): options switched
 * off, as commented-includes.ts reads them. Components are never partial (never built alone, nor applied).
 *
 * Unlisted files whose workloads and policies name no namespace, in the folder of a kustomization that sets
 * `namespace:`, are not counted: they are the build's, not listed yet (redhat-cop gitops-catalog's
 * `devspaces/instance/base` builds a custom resource and its Namespace beside a namespace-less policy file it
 * does not list; read as `kubectl apply -f`, that policy was placed in `default` and "closed 43 paths" of a
 * namespace the kustomization never names: real repositories 33). rook's files name their namespace.
 *
 * The folder is partial when its unlisted files that hold a complete workload or policy the build lacks
 * outnumber more than twice the files of its build (its closure's resources) that hold a complete workload
 * or policy: the build deploys fewer than a third of the workload and policy files at hand. Complete: a
 * controller with `spec.selector` and a pod template whose containers all name an image, a Pod or Job the
 * same, a policy with its required selector (patches are not). Lacked: no file of the build defines an
 * object of the same kind and name (kubeflow's `kserve/kserve` keeps upstream's `kserve.yaml` beside the
 * `kserve_kubeflow.yaml` it builds: a copy of what the build deploys, not another deployment). Counted
 * against the build, not the folder's file count, so that an app folder whose kustomization lists its
 * Deployment and policies, with one policy file not listed yet, stays a kustomization (its file keeps the
 * "does not list it" note, unread-files.ts), as does an overlay holding one such file.
 *
 * Counted on the evaluation mirrors (kubeflow/manifests and pipelines, argo-cd, kube-prometheus,
 * operator-controller and 22 more, HEAD and older revisions): only rook's `deploy/examples` is partial
 * (1 build file with a workload, 20 unlisted files with workloads or policies it lacks); the closest
 * ordinary folders: kube-prometheus's top (5–14 against 1–3), microservices-demo's `kubernetes-manifests`
 * (10 against 1), eks-workshop's `basics/configmaps` and `basics/secrets` (1 and 2 against 1).
 */
import { isObject } from '../manifests/context.js';
import type { Json } from '../manifests/context.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import { WORKLOAD_KINDS } from '../manifests/kinds/workload.js';
import { TEMPLATE_WORKLOAD_RAW_KINDS } from '../manifests/kinds/template-workloads.js';
import { API_CLUSTER_POLICY_KIND_SET, POLICY_KINDS } from '../manifests/policy-kinds.js';
import { isKustomizationPath, referencedFiles } from '../kustomize/index.js';
import { kustomizationClosure } from './kustomizations.js';
import { COMMENTED_ENTRY } from './commented-includes.js';
import { skipReason } from './non-manifest.js';
import type { SideIndex } from './target-files.js';
import type { Notice } from './types.js';
import { textLines } from '../util/line-ends.js';
import { baseName, dirOf, joinPath } from '../util/repo-paths.js';

export interface PartialKustomization {
  readonly folder: string;
  /** The kustomization file. */
  readonly file: string;
  /** How many of the folder's manifest files some kustomization reads. */
  readonly listed: number;
  /** The folder's manifest files no kustomization reads: read as plain manifests. */
  readonly unlisted: readonly string[];
  /** How many of them hold a complete workload or policy the build does not define. */
  readonly deciding: number;
}

/** The measure behind the rule, for a kustomization folder holding manifest files no kustomization reads. */
export interface FolderCounts extends Omit<PartialKustomization, 'deciding'> {
  /** Files of the kustomization's build holding a complete workload or policy. */
  readonly buildDeciding: number;
  /** Unlisted files holding a complete workload or policy the build does not define (same kind and name). */
  readonly unlistedDeciding: readonly string[];
}

const COMPONENT_KIND = /^kind:\s*["']?Component["']?\s*(#.*)?$/m;
/** A kustomization's top-level `namespace:` with a value. */
const SETS_NAMESPACE = /^namespace:\s*["']?[a-z0-9]/m;
const PATCH_NAME = /patch/i;
/** A `kind:` line (YAML or JSON) naming a workload or policy kind. */
const DECIDING_LINE = new RegExp(`^\\s*"?kind"?\\s*:\\s*["']?(?:${[...WORKLOAD_KINDS, ...TEMPLATE_WORKLOAD_RAW_KINDS, ...POLICY_KINDS].join('|')})(?:["',\\s#]|$)`, 'm');

/** The partial kustomization folders of a side (`skip`: paths that are no deployments, such as fixture trees' files). */
export function partialKustomizations(side: SideIndex, skip: (path: string) => boolean = () => false): PartialKustomization[] {
  return kustomizationFolderCounts(side, skip)
    .filter(isPartial)
    .map(({ folder, file, listed, unlisted, unlistedDeciding }) => ({ folder, file, listed, unlisted, deciding: unlistedDeciding.length }));
}

/** The build holds fewer than a third of the files with workloads or policies among its own and the folder's unlisted ones. */
export function isPartial(c: FolderCounts): boolean {
  return c.unlistedDeciding.length > 2 * c.buildDeciding;
}

/** Counts of the kustomization folders (Components and `skip`ped ones left out) that hold manifest files no kustomization reads. */
export function kustomizationFolderCounts(side: SideIndex, skip: (path: string) => boolean = () => false): FolderCounts[] {
  const { files, kustomizations } = side;
  if (kustomizations.size === 0) return [];
  const texts = new Map(files.files.map((f) => [f.path, f.text]));
  // What any kustomization names, and the own files of folders without a kustomization that one includes.
  const read = referencedFiles(texts, [...new Set([...kustomizations.values()].map((k) => k.folder))]);
  for (const k of kustomizations.values()) for (const inc of k.includes) if (!kustomizations.has(inc) && files.isFolder(inc)) for (const f of files.under(inc, false)) read.add(f.path);
  const off = switchedOff(side);
  const owner = (path: string): string | undefined => {
    for (let d = dirOf(path); ; d = dirOf(d)) {
      if (kustomizations.has(d)) return d;
      if (d === '') return undefined;
    }
  };
  const parsed = new Map<string, Json[]>();
  const objects = (path: string): Json[] => {
    let found = parsed.get(path);
    if (!found) parsed.set(path, (found = objectsOf(texts.get(path) ?? '')));
    return found;
  };
  const out: FolderCounts[] = [];
  for (const k of kustomizations.values()) {
    if (skip(k.file) || COMPONENT_KIND.test(files.text(k.file) ?? '')) continue;
    const own = files.under(k.folder).filter((f) => !isKustomizationPath(f.path) && !skip(f.path) && !PATCH_NAME.test(baseName(f.path)) && !off.has(f.path) && owner(f.path) === k.folder && skipReason(f.path, f.text, side.charts) === undefined);
    const unlisted = own.filter((f) => !read.has(f.path) && holdsObjects(f.text)).map((f) => f.path);
    if (unlisted.length === 0) continue;
    const listed = own.filter((f) => read.has(f.path) && holdsObjects(f.text)).length;
    // Only files with a line naming such a kind are parsed for it (a build's other files can be large).
    const deciding = (path: string) => (DECIDING_LINE.test(texts.get(path) ?? '') ? objects(path).filter(complete).map((o) => `${o.kind as string}/${name(o)}`) : []);
    const candidates = unlisted.filter((p) => deciding(p).length > 0);
    if (candidates.length === 0) {
      out.push({ folder: k.folder, file: k.file, listed, unlisted, buildDeciding: 0, unlistedDeciding: [] });
      continue;
    }
    // What the build deploys: a file holding the same workload or policy is a copy of it (upstream's bundle beside a variant), not another deployment.
    const built = new Set<string>();
    let buildDeciding = 0;
    for (const path of kustomizationClosure(k, kustomizations, files).resources) {
      const keys = deciding(path);
      if (keys.length) (buildDeciding += 1), keys.forEach((key) => built.add(key));
    }
    // A kustomization that sets `namespace:` beside files naming none: those are its own, not listed yet (kubectl apply -f would put them wherever the user stands).
    const forBuild = (path: string) => SETS_NAMESPACE.test(files.text(k.file) ?? '') && objects(path).filter(complete).every(namespaceLeftToBuild);
    out.push({ folder: k.folder, file: k.file, listed, unlisted, buildDeciding, unlistedDeciding: candidates.filter((p) => !forBuild(p) && deciding(p).some((key) => !built.has(key))) });
  }
  return out;
}

/** Files a kustomization names in a commented-out list entry (`# - upstream/in-memory-channel.yaml`): options switched off, not manifests applied by hand. */
function switchedOff(side: SideIndex): Set<string> {
  const out = new Set<string>();
  for (const k of side.kustomizations.values()) {
    const text = side.files.text(k.file) ?? '';
    if (!text.includes('#')) continue;
    for (const line of textLines(text)) {
      const m = COMMENTED_ENTRY.exec(line);
      const path = m ? joinPath(k.folder, m[1]) : undefined;
      if (path !== undefined) out.add(path);
    }
  }
  return out;
}

/** `PARTIAL_KUSTOMIZATION`: one notice naming each partial kustomization and how many files it leaves out; undefined when none. */
export function partialKustomizationNotice(found: readonly PartialKustomization[]): Notice | undefined {
  if (found.length === 0) return undefined;
  const each = found.map((p) => `${p.file} lists ${p.listed} of the ${p.listed + p.unlisted.length} manifest files of its folder and leaves out ${p.unlisted.length} (${p.deciding} with workloads or policies its build lacks)`);
  const one = found.length === 1;
  return {
    code: 'PARTIAL_KUSTOMIZATION',
    message: `${each.join('; ')}: the files left out are what \`kubectl apply -f\` of single files deploys, so they are analysed as plain manifests, the build${one ? ' as a target of its own' : 's as targets of their own'} (to analyse only the build, configure targets:)`,
    ref: { file: found[0].file, line: 1 },
  };
}

/** Looks like it holds an object (an `apiVersion` and a `kind` line), without a parse: folders' files are many and can be large. */
function holdsObjects(text: string): boolean {
  return /^\s*"?apiVersion"?\s*:/m.test(text) && /^\s*"?kind"?\s*:/m.test(text);
}

function objectsOf(text: string): Json[] {
  return parseDocuments(text, 'kubectl')
    .map((d) => d.value)
    .filter((v): v is Json => isObject(v) && typeof v.apiVersion === 'string' && typeof v.kind === 'string');
}

function name(o: Json): string {
  const meta = o.metadata;
  return isObject(meta) && typeof meta.name === 'string' ? meta.name : '';
}

/** A namespaced object that names no namespace (cluster-wide policies never name one). */
function namespaceLeftToBuild(o: Json): boolean {
  const kind = o.kind as string;
  if (API_CLUSTER_POLICY_KIND_SET.has(kind) || /Clusterwide|^Global/.test(kind)) return false;
  return !(isObject(o.metadata) && typeof o.metadata.namespace === 'string' && o.metadata.namespace !== '');
}

/** A workload or policy as the API server would accept it, not a patch of one. */
function complete(o: Json): boolean {
  const kind = o.kind as string;
  const spec = isObject(o.spec) ? o.spec : {};
  if (POLICY_KINDS.has(kind)) return kind === 'NetworkPolicy' ? isObject(spec.podSelector) : kind.startsWith('Cilium') ? isObject(spec.endpointSelector) || isObject(spec.nodeSelector) || Array.isArray(o.specs) : isObject(spec.subject);
  if ((!WORKLOAD_KINDS.has(kind) && !TEMPLATE_WORKLOAD_RAW_KINDS.has(kind)) || name(o) === '') return false;
  if (kind === 'Pod') return runsImages(spec);
  // An Argo Rollout may run a Deployment's template instead of its own (`spec.workloadRef`).
  if (kind === 'Rollout' && isObject(spec.workloadRef)) return isObject(spec.selector);
  if (kind === 'CronJob') return runsImages(at(spec, 'jobTemplate', 'spec', 'template', 'spec'));
  const pods = runsImages(at(spec, 'template', 'spec'));
  return kind === 'Job' || kind === 'ReplicationController' ? pods : pods && isObject(spec.selector);
}

function runsImages(podSpec: unknown): boolean {
  const containers = isObject(podSpec) ? podSpec.containers : undefined;
  return Array.isArray(containers) && containers.length > 0 && containers.every((c) => isObject(c) && typeof c.image === 'string' && c.image !== '');
}

function at(v: unknown, ...keys: string[]): unknown {
  for (const k of keys) v = isObject(v) ? v[k] : undefined;
  return v;
}
