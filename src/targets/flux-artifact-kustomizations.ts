/**
 * Flux Kustomizations whose own file their parent's source artifact leaves out. A child Kustomization exists in
 * the cluster only when a deployed Kustomization's build applies its file, and a build reads its source's
 * artifact, not the repository: what source-controller leaves out (`.sourceignore` files, the GitRepository's
 * `spec.ignore`, the default exclusions: flux-source-ignore.ts) is in no build of that source. Read as
 * committed, such a Kustomization was a target of its own, and a policy under its path read as deployed.
 *
 * A Flux Kustomization is left out when its file lies below the path of another Flux Kustomization whose
 * artifact (a GitRepository of this repository) leaves it out, and no deployed Flux Kustomization's build reads
 * it from its own artifact (retired-folders.ts `unreadByDeployedBuilds`, the reachability retired folders and
 * switched-off Kustomizations use: an entry point applied by `flux bootstrap` stays deployed). Semantics:
 * source-controller's artifact (GitRepository API, "Excluding files"); kustomize-controller's build of
 * `spec.path` from that artifact.
 */
import type { ControllerObject } from './controller-objects.js';
import { fluxPathFolder } from './flux-builds.js';
import type { ExcludingRule, FluxArtifact } from './flux-source-ignore.js';
import { artifactRule, ruleRef, ruleWords } from './flux-source-ignore.js';
import { invalidSourceRef } from './flux.js';
import { unreadByDeployedBuilds } from './retired-folders.js';
import type { SideIndex } from './target-files.js';
import type { Notice, SwitchedOff } from './types.js';
import type { RepoFiles } from './repo-files.js';
import { namedItems } from '../util/and-list.js';
import { plural } from '../util/plural.js';
import { inFolder } from '../util/repo-paths.js';

export interface ArtifactLeftOut {
  /** The Flux Kustomizations left out: no deployments. */
  readonly kustomizations: readonly ControllerObject[];
  /** Each left out, with its path's folder and the rule (TargetSelection `switchedOff`: a changed file there deploys nothing). */
  readonly switchedOff?: readonly SwitchedOff[];
  /** The notice naming them, at the first one's rule (`ARTIFACT_LEFT_OUT`); absent when none is left out. */
  readonly notice?: Notice;
}

const NONE: ArtifactLeftOut = { kustomizations: [] };

/** Names listed in the notice, at most; the rest counted. */
const NAMED = 3;

/** Why a Kustomization's file is left out: the parent whose artifact does, that artifact and its rule. */
interface LeftOutBy {
  readonly parent: ControllerObject;
  readonly artifact: FluxArtifact;
  readonly rule: ExcludingRule;
}

/**
 * The Flux Kustomizations among `objects` (a side's controller objects) whose file their parent's artifact leaves
 * out and no deployed build reads (see the file's comment). `artifactOf`: the artifact a Kustomization builds from
 * when it is a GitRepository of this repository (flux.ts `fluxArtifact`), else undefined.
 */
export function artifactLeftOutKustomizations(side: SideIndex, objects: readonly ControllerObject[], artifactOf: (ks: ControllerObject) => FluxArtifact | undefined): ArtifactLeftOut {
  const flux = objects.filter((o) => o.kind === 'FluxKustomization' && invalidSourceRef(o) === undefined);
  if (flux.length < 2) return NONE;
  const { files } = side;
  const parents = flux.flatMap((ks) => {
    const path = fluxPathFolder(ks, (p) => files.isFolder(p));
    const artifact = path === undefined ? undefined : artifactOf(ks);
    return path !== undefined && artifact ? [{ ks, path, artifact, rule: artifactRule(files, artifact) }] : [];
  });
  const leftOutBy = new Map<string, LeftOutBy>();
  for (const ks of flux) {
    // An object a build renders is no file of the repository's own.
    if (ks.via !== undefined || leftOutBy.has(ks.ref.file)) continue;
    for (const p of parents) {
      const rule = p.ks !== ks && inFolder(ks.ref.file, p.path) ? p.rule(ks.ref.file) : undefined;
      if (rule) {
        leftOutBy.set(ks.ref.file, { parent: p.ks, artifact: p.artifact, rule });
        break;
      }
    }
  }
  if (leftOutBy.size === 0) return NONE;
  const exclusions = new Map(parents.map((p) => [p.ks, (path: string) => p.rule(path) !== undefined]));
  const unread = unreadByDeployedBuilds(side, flux, [...leftOutBy.keys()], (ks) => exclusions.get(ks));
  if (unread === undefined || unread.kustomizations.length === 0) return NONE;
  const { kustomizations } = unread;
  const first = leftOutBy.get(kustomizations[0].ref.file)!;
  const switchedOff = kustomizations.flatMap((ks): SwitchedOff[] => {
    const path = fluxPathFolder(ks, (p) => files.isFolder(p));
    const by = leftOutBy.get(ks.ref.file)!;
    const ref = ruleRef(by.rule, by.artifact, files);
    return path === undefined ? [] : [{ name: ks.name, ...(ks.namespace !== undefined ? { namespace: ks.namespace } : {}), ref: ks.ref, path, leftOutBy: by.parent.ref.file, artifactRule: { words: whyLeftOut(by, files), ...(ref ? { ref } : {}) } }];
  });
  return { kustomizations, switchedOff, notice: { code: 'ARTIFACT_LEFT_OUT', message: leftOutMessage(kustomizations, leftOutBy, side), ref: ruleRef(first.rule, first.artifact, files) ?? kustomizations[0].ref } };
}

/**
 * The notice's words: `Left out of the artifact: Flux Kustomization web (apps/web/ks.yaml:1): GitRepository
 * flux-system/flux-system leaves its file out of the artifact Flux Kustomization apps builds from, by the pattern
 * `ks-*.yaml` (.sourceignore:2), and no deployed Flux Kustomization's build reads it: Flux never applies it, so it
 * deploys nothing and is not a target (change that rule to deploy it)`; several: each with its rule, `they`.
 */
function leftOutMessage(kustomizations: readonly ControllerObject[], leftOutBy: ReadonlyMap<string, LeftOutBy>, side: SideIndex): string {
  const why = (ks: ControllerObject) => whyLeftOut(leftOutBy.get(ks.ref.file)!, side.files);
  if (kustomizations.length === 1) {
    const ks = kustomizations[0];
    return `Left out of the artifact: Flux Kustomization ${ks.name} (${ks.ref.file}:${ks.ref.line}): ${why(ks)}, and no deployed Flux Kustomization's build reads it: Flux never applies it, so it deploys nothing and is not a target (change that rule to deploy it)`;
  }
  // Each with its rule, set apart by semicolons (the rules' words hold commas).
  const { named, more } = namedItems(kustomizations, NAMED);
  const each = named.map((ks) => `${ks.name} (${ks.ref.file}:${ks.ref.line}): ${why(ks)}`).join('; ');
  return `Left out of the artifact: ${plural(kustomizations.length, 'Flux Kustomization')}, whose files no deployed Flux Kustomization's build reads: ${each}${more ? `; and ${more} more` : ''}. Flux never applies them, so they deploy nothing and are not targets (change those rules to deploy them)`;
}

/** Why a Kustomization's file is left out, in words: `GitRepository flux-system/flux-system leaves its file out of the artifact Flux Kustomization apps builds from, by …`. */
function whyLeftOut(by: LeftOutBy, files: RepoFiles): string {
  return `${by.artifact.kind} ${by.artifact.source} leaves its file out of the artifact Flux Kustomization ${by.parent.name} builds from, by ${ruleWords(by.rule, by.artifact, files)}`;
}
