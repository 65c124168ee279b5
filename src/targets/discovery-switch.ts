/**
 * Targets that appear or disappear only because discovery changed mode between the sides (real-eval 12,
 * problem 8: Ramblurr/home-ops 3811e003 added the repository's first Flux Kustomizations; base's targets
 * were its top-level kustomizations, head's are what Flux deploys, so 12 untouched `archive/` folders read
 * as "removed by this change: 3 paths closed"). Which targets a side has is decided by the first source
 * that yields any (discover.ts: config, then controllers, then the layout); when base's come from the
 * layout and head's from controller objects, a layout target head no longer has, none of whose files the
 * change touches, was not removed by the change: no controller object ever deployed it, and the layout
 * guess that made it a target no longer applies. It is set apart with a note, its paths not counted.
 * The mirror: controller objects removed (head's targets from the layout, base's from Flux or Argo CD), a
 * layout target only head has, none of whose files changed, is no new deployment either.
 *
 * The rule, for a cluster model only one side has and no fold pairs (renamed-targets.ts): every target of
 * it comes from the layout (`kustomization`, `plain`), that side's targets come from the layout and the
 * other side's from controller objects (`flux`, `argocd`), and no file it reads (its build's files and
 * the sources of rendered ones, every file its kustomizations consume) is among the change's files; a read
 * file holding no Kubernetes object (no `kind:` line: a Taskfile or an Ansible inventory the plain target
 * lists, a generator's source), a kustomization file aside, cannot change what it deploys and does not
 * count (Ramblurr 3811e003: the plain target's `Taskfile.yml` changed, its Job templates did not). A model
 * whose files the change edits stays a removed (or new) target: what the change did to it is reported. So
 * does one some of whose files a target of the other side reads (the controller objects deploy part of it:
 * a fold or a counterpart may pair the two, and "none deploys it" would not hold).
 */
import type { ClusterModel } from './analyze-targets.js';
import type { Notice, TargetOrigin } from './types.js';
import { isKustomizationPath } from '../kustomize/file-set.js';
import { firstAndMore } from '../util/and-list.js';

const LAYOUT: ReadonlySet<TargetOrigin> = new Set(['kustomization', 'plain']);
const CONTROLLERS: ReadonlySet<TargetOrigin> = new Set(['flux', 'argocd']);

/** The models set apart (indices into `models`) and the note saying so, one per direction; none when discovery kept its mode. */
export interface DiscoverySwitch {
  readonly apart: ReadonlySet<number>;
  readonly notices: readonly Notice[];
}

/** A file a model reads on one side: its path, and its text there (undefined: no file of the repository, a rendered stream). */
export interface ReadFile {
  readonly path: string;
  readonly text?: string;
}

/** Names listed in a note, at most; the rest counted. */
const LISTED = 10;

/** A `kind:` line (YAML, also as a list item) or a `"kind":` key (JSON): the file may hold a Kubernetes object. */
const KIND = /^\s*(?:-\s*)?"?kind"?\s*:/m;

/**
 * `models`, and the files one reads on one side (asked only when discovery changed mode); `origins`: where each side's targets came from;
 * `changed`: the paths the change adds, removes or edits.
 */
export function discoverySwitch(models: readonly ClusterModel[], files: (index: number, side: 'base' | 'head') => readonly ReadFile[], origins: { readonly base: TargetOrigin; readonly head: TargetOrigin }, changed: ReadonlySet<string>): DiscoverySwitch {
  const side = LAYOUT.has(origins.base) && CONTROLLERS.has(origins.head) ? 'base' : LAYOUT.has(origins.head) && CONTROLLERS.has(origins.base) ? 'head' : undefined;
  if (!side) return { apart: new Set(), notices: [] };
  const other = side === 'base' ? 'head' : 'base';
  const apart = new Set<number>();
  // What the other side's targets read: a lone model some of whose files they deploy is not set apart (a fold or a counterpart may pair it).
  let readThere: ReadonlySet<string> | undefined;
  for (const [i, m] of models.entries()) {
    if (m.fold || m[other].length > 0 || m[side].length === 0 || !m[side].every((t) => LAYOUT.has(t.origin))) continue;
    const all = files(i, side);
    const read = all.filter((f) => f.text === undefined || KIND.test(f.text) || isKustomizationPath(f.path));
    if (all.length === 0 || read.some((f) => changed.has(f.path))) continue;
    readThere ??= new Set(models.flatMap((_, j) => files(j, other).map((f) => f.path)));
    if (!read.some((f) => readThere!.has(f.path))) apart.add(i);
  }
  if (apart.size === 0) return { apart, notices: [] };
  const names = [...apart].map((i) => models[i].name);
  const controllers = controllerObjects(side === 'base' ? origins.head : origins.base);
  const many = names.length > 1;
  const [it, its] = many ? ['them', 'their'] : ['it', 'its'];
  const listed = firstAndMore(names, LISTED);
  const message =
    side === 'base'
      ? `${listed} ${many ? 'are' : 'is'} no longer ${many ? 'targets' : 'a target'}: head's ${controllers} decide what is deployed and none deploys ${it} (${its} files are unchanged)`
      : `${listed} ${many ? 'are targets' : 'is a target'} only because head has no ${controllers}: head's targets come from its layout, and base's ${controllers} deployed none of ${it} (${its} files are unchanged)`;
  return { apart, notices: [{ code: 'DISCOVERY_CHANGED', message }] };
}

function controllerObjects(origin: TargetOrigin): string {
  return origin === 'flux' ? 'Flux Kustomizations' : 'Argo CD Applications';
}
