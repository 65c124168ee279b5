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
 * count (Ramblurr 3811e003: the plain target's `Taskfile.yml` changed, its Job templates did not). Nor does a
 * changed file holding, on either side, only objects of kinds the analysis never reads (unread-kinds.ts):
 * rafaribe/home-ops 35d9b8abd removes the Flux objects and adds a ConfigMap of substitution variables beside
 * plain manifests, whose unchanged Cilium bootstrap file read as "new in this change: 24 paths opened"; the
 * note names those kinds. A model whose files the change edits otherwise stays a removed (or new) target: what the change did to it is reported. So
 * does one some of whose files a target of the other side reads (the controller objects deploy part of it:
 * a fold or a counterpart may pair the two, and "none deploys it" would not hold).
 *
 * A read file the change only moves elsewhere (moved-files.ts), outside the model's own root folders, is no
 * edit of what the model deploys either: no controller object deploys it on the other side before or after
 * (kashalls/home-cluster 36e13c601: `home-assistant/app` includes `templates/volsync`, which the change moves
 * to `components/volsync`; it read "removed by this change: 3 paths closed" beside 17 siblings set apart).
 * Its unchanged kustomizations still name the old place, so its own note says that, as head has it, its build
 * would fail.
 */
import type { ClusterModel } from './analyze-targets.js';
import type { Notice, TargetOrigin } from './types.js';
import { isKustomizationPath } from '../kustomize/file-set.js';
import { andList, andListOfPhrases, firstAndMore, namedItems } from '../util/and-list.js';
import { plural } from '../util/plural.js';
import { isWithin } from '../util/repo-paths.js';
import { unreadKinds, type UnreadKinds } from './unread-kinds.js';

const LAYOUT: ReadonlySet<TargetOrigin> = new Set(['kustomization', 'plain']);
const CONTROLLERS: ReadonlySet<TargetOrigin> = new Set(['flux', 'argocd']);

/** The models set apart (indices into `models`) and the note saying so, one per direction; none when discovery kept its mode. */
export interface DiscoverySwitch {
  readonly apart: ReadonlySet<number>;
  readonly notices: readonly Notice[];
}

/**
 * A file a model reads on one side: its path, and its text there (undefined: no file of the repository, a rendered stream);
 * `other`: its text on the other side, for a file of `changed` (undefined: none there; not read for an unchanged file).
 */
export interface ReadFile {
  readonly path: string;
  readonly text?: string;
  readonly other?: string;
}

/** Names listed in a note, at most; the rest counted. */
const LISTED = 10;

/** A `kind:` line (YAML, also as a list item) or a `"kind":` key (JSON): the file may hold a Kubernetes object. */
const KIND = /^\s*(?:-\s*)?"?kind"?\s*:/m;

/**
 * `models`, and the files one reads on one side (asked only when discovery changed mode); `origins`: where each side's targets came from;
 * `changed`: the paths the change adds, removes or edits; `movedOf`: the files it moves (moved-files.ts), asked only then.
 */
export function discoverySwitch(models: readonly ClusterModel[], files: (index: number, side: 'base' | 'head') => readonly ReadFile[], origins: { readonly base: TargetOrigin; readonly head: TargetOrigin }, changed: ReadonlySet<string>, movedOf: () => ReadonlyMap<string, string> = () => new Map()): DiscoverySwitch {
  const side = LAYOUT.has(origins.base) && CONTROLLERS.has(origins.head) ? 'base' : LAYOUT.has(origins.head) && CONTROLLERS.has(origins.base) ? 'head' : undefined;
  if (!side) return { apart: new Set(), notices: [] };
  const other = side === 'base' ? 'head' : 'base';
  const moved = movedOf();
  const apart = new Set<number>();
  // What the other side's targets read: a lone model some of whose files they deploy is not set apart (a fold or a counterpart may pair it).
  let readThere: ReadonlySet<string> | undefined;
  /** Models set apart that read files the change moves: each told on its own (movedNotice). */
  const movedReads = new Map<number, string[]>();
  /** Of the models set apart, their changed files holding only objects the analysis does not read, each with those kinds and where: their notes say so. */
  const unreadOf = new Map<number, readonly UnreadFile[]>();
  for (const [i, m] of models.entries()) {
    if (m.fold || m[other].length > 0 || m[side].length === 0 || !m[side].every((t) => LAYOUT.has(t.origin))) continue;
    const all = files(i, side);
    const read = all.filter((f) => f.text === undefined || KIND.test(f.text) || isKustomizationPath(f.path));
    const roots = m[side].flatMap((t) => t.roots);
    const ownRoot = (path: string) => roots.some((r) => isWithin(path, r));
    const movedHere = read.filter((f) => moved.has(f.path) && !ownRoot(f.path));
    const edited = read.filter((f) => changed.has(f.path) && !movedHere.includes(f));
    const kinds = edited.map((f) => (f.text === undefined || isKustomizationPath(f.path) ? undefined : ([unreadKinds(f.text), unreadKinds(f.other)] as const)));
    if (all.length === 0 || kinds.some((k) => k === undefined || k[0] === undefined || k[1] === undefined)) continue;
    readThere ??= new Set(models.flatMap((_, j) => files(j, other).map((f) => f.path)));
    if (read.some((f) => readThere!.has(f.path))) continue;
    apart.add(i);
    if (movedHere.length) movedReads.set(i, movedHere.map((f) => f.path));
    const unread = edited.flatMap((f, k) => unreadFile(f.path, kinds[k]!, side));
    if (unread.length) unreadOf.set(i, unread);
  }
  if (apart.size === 0) return { apart, notices: [] };
  const controllers = controllerObjects(side === 'base' ? origins.head : origins.base);
  const notices = [...movedReads].map(([i, paths]) => movedNotice(models[i].name, paths, moved, side, controllers, unreadOf.get(i) ?? []));
  const listedModels = [...apart].filter((i) => !movedReads.has(i));
  const names = listedModels.map((i) => models[i].name);
  if (names.length === 0) return { apart, notices };
  const many = names.length > 1;
  const [it, its] = many ? ['them', 'their'] : ['it', 'its'];
  const listed = firstAndMore(names, LISTED);
  // Whose each file is, when the note names several models: a ConfigMap of one of them is not read as all of theirs.
  const unread = listedModels.flatMap((i) => (unreadOf.get(i) ?? []).map((u) => ({ ...u, model: models[i].name })));
  const unchanged = `${its} files are unchanged${unread.length ? ` apart from ${unreadText(unread, many)}` : ''}`;
  const message =
    side === 'base'
      ? `${listed} ${many ? 'are' : 'is'} no longer ${many ? 'targets' : 'a target'}: head's ${controllers} decide what is deployed and none deploys ${it} (${unchanged})`
      : `${listed} ${many ? 'are targets' : 'is a target'} only because head has no ${controllers}: head's targets come from its layout, and base's ${controllers} deployed none of ${it} (${unchanged})`;
  return { apart, notices: [{ code: 'DISCOVERY_CHANGED', message }, ...notices] };
}

/**
 * The note on a model set apart that reads files the change moves (`paths`, as `side` reads them): no target
 * on the other side, and its kustomizations, unchanged, name those files where `side` has them, so the build
 * of the side without them would fail.
 */
function movedNotice(name: string, paths: readonly string[], moved: ReadonlyMap<string, string>, side: 'base' | 'head', controllers: string, unread: readonly UnreadFile[]): Notice {
  const first = `${paths[0]} ${side === 'base' ? 'to' : 'from'} ${moved.get(paths[0])}`;
  const more = paths.length > 1 ? ` and ${plural(paths.length - 1, 'more file', 'more files')}` : '';
  const message =
    side === 'base'
      ? `${name} is no longer a target: head's ${controllers} decide what is deployed and none deploys it. Its files are unchanged, but this change moves files it reads (${first}${more}), which it still names at their old place: built as head has it, it would fail`
      : `${name} is a target only because head has no ${controllers}: head's targets come from its layout, and base's ${controllers} deployed none of it. Its files are unchanged but for files this change moves here (${first}${more})`;
  // Its other changed files hold only objects the analysis does not read: said, so "unchanged" stays true.
  return { code: 'DISCOVERY_CHANGED', message: unread.length ? `${message}; its other changed files change only ${unreadText(unread, false)}` : message };
}

/** A changed file a model set apart reads, holding only objects of `kinds` the analysis does not read, the first at `line` (of base's text: `side`). */
interface UnreadFile {
  readonly path: string;
  readonly kinds: readonly string[];
  readonly line: number;
  readonly side?: 'base';
}

/**
 * The file's entry from its kinds on the model's side (`kinds[0]`) and the other (`kinds[1]`): at the first such object
 * on the model's side, else on the other's (a file the change empties); none when neither side holds an object.
 */
function unreadFile(path: string, kinds: readonly [UnreadKinds | undefined, UnreadKinds | undefined], side: 'base' | 'head'): UnreadFile[] {
  const all = [...new Set(kinds.flatMap((k) => k?.kinds ?? []))].sort();
  const [own, other] = kinds;
  const at = own?.line !== undefined ? { line: own.line, side } : other?.line !== undefined ? { line: other.line, side: side === 'base' ? 'head' : 'base' } : undefined;
  return all.length && at ? [{ path, kinds: all, line: at.line, ...(at.side === 'base' ? { side: 'base' as const } : {}) }] : [];
}

/**
 * `ConfigMap objects at vars.yaml:2, which the analysis does not read`, each file at its first such object (`base:` on
 * base's text), with the models reading it when the note names several (`ConfigMap objects of plain manifests at …`).
 */
function unreadText(files: readonly (UnreadFile & { readonly model?: string })[], whose: boolean): string {
  const byFile = new Map<string, { file: UnreadFile; models: string[] }>();
  for (const f of files) {
    const key = `${f.side ?? ''}:${f.path}`;
    const known = byFile.get(key) ?? byFile.set(key, { file: f, models: [] }).get(key)!;
    if (f.model !== undefined && !known.models.includes(f.model)) known.models.push(f.model);
  }
  const entries = [...byFile.values()].map(({ file, models }) => `${andList(file.kinds)} objects${whose && models.length ? ` of ${andList(models)}` : ''} at ${file.side === 'base' ? 'base:' : ''}${file.path}:${file.line}`);
  const { named, more } = namedItems(entries, LISTED);
  return `${more ? `${named.join(', ')} and ${plural(more, 'more file', 'more files')}` : andListOfPhrases(named)}, which the analysis does not read`;
}

function controllerObjects(origin: TargetOrigin): string {
  return origin === 'flux' ? 'Flux Kustomizations' : 'Argo CD Applications';
}
