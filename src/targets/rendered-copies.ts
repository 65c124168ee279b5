/**
 * A plain manifest file (or folder) whose workloads and policies are those a top-level kustomization's
 * build deploys is a rendered copy of that build: a release manifest written from an overlay
 * (operator-controller's `manifests/standard.yaml`, the output of `config/overlays/cert-manager`). The build
 * is a target already, analysed from its sources, so the copy is left out of the plain-manifest target
 * with a notice naming the build (`RENDERED_COPY`). Read as a plain manifest, the commit adding it reported
 * the overlay's paths as opened (real-eval 9, C5); read as a target of its own, every change to the overlay
 * would be reported twice, once in the build and once in the copy regenerated with it.
 *
 * Identities decide (kind, namespace and name, as alternative-bundles.ts compares plain bundles), not
 * content: a copy written with another image tag, or a build that gained a policy the copy has not yet, is
 * still that build's copy. A unit copies a build when the workloads and policies either defines are at
 * least COPY_SHARE shared (a file holding only some of the build's workloads is no copy), and the unit
 * defines at least MIN_DECIDING of them (one Deployment a build also deploys is no evidence). Of several builds
 * that deploy the same workloads and policies (an overlay and its e2e variant), the copy is of the one whose
 * objects of every kind it shares most (Certificates, Services, RBAC), then whose objects it repeats
 * unchanged most (a standard overlay and an experimental one alike in names), the first in path order on a tie.
 * Each file is compared alone, then the files of a folder that are no copy alone together (a copy split
 * into one file per object).
 *
 * A unit with fewer workloads and policies than MIN_DECIDING is still a copy on other evidence: it is its
 * build's whole output, unchanged (every object of the build, at least MIN_WHOLE, and nothing else: the
 * committed output of `kustomize build` of a namespace's Namespace, RBAC and one policy), or the other side
 * of the change had the same workloads and policies in a copy (`elsewhere`). The copies of base and head are
 * judged together (`discoverSides`): a copy rule that holds on one side only reads a change of the copy's
 * form (one file split into one file per object, written by another kustomize) as its objects appearing
 * or vanishing (real-eval 21, anthos-config-management-samples 4970ab9 and 36b18ed). A copy of the same side
 * counts as well (a build's copy per cluster, one of them a whole output): the rule is the same on both sides.
 */
import type { LoadRestrictor } from '../kustomize/index.js';
import { renderCached, renderWithin } from '../kustomize/index.js';
import { plural } from '../util/plural.js';
import { canonical } from '../kustomize/compare-objects.js';
import { isObject } from '../manifests/context.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import { namespaceFromPath } from './namespace-from-path.js';
import { DECIDING_KINDS, definedObjects, objectKey } from './object-identities.js';
import type { SideIndex } from './target-files.js';
import type { Notice } from './types.js';
import { dirOf } from '../util/repo-paths.js';

/** The share of the workloads and policies a copy and its build define that both define. */
const COPY_SHARE = 0.8;

/** The fewest workloads and policies a copy defines: a file holding one Deployment a build also deploys is as likely an example written by hand. */
const MIN_DECIDING = 2;

/** The fewest objects of a unit taken for a copy as its build's whole output (a Deployment and its Service written by hand are two). */
const MIN_WHOLE = 3;

/** Copies named one notice each; the rest are one notice counting them. */
const NAMED_COPIES = 5;

export interface RenderedCopy {
  /** The copy's files (one, or the files of a folder). */
  readonly files: readonly string[];
  /** The kustomization folder whose build it copies (`.` for the top). */
  readonly of: string;
}

export interface CopySplit {
  /** Plain files that copy no build. */
  readonly rest: readonly string[];
  readonly copies: readonly RenderedCopy[];
  readonly notices: readonly Notice[];
}

/** Each build's objects by key (`Kind/namespace/name`, every kind), by kustomization folder. */
export type BuildObjects = ReadonlyMap<string, ReadonlyMap<string, unknown>>;

/**
 * `files` (plain manifests, path order) without the rendered copies of builds; `builds` is asked only when
 * some file defines a workload or policy. `pattern`: the top-level `namespaceFromPath`. `elsewhere`: the
 * workloads and policies (`copiedKeys`) of the other side's copies.
 */
export function renderedCopies(files: readonly { readonly path: string; readonly text: string }[], builds: () => BuildObjects, pattern?: string, elsewhere: ReadonlySet<string> = new Set()): CopySplit {
  const fromPath = pattern ? namespaceFromPath(pattern) : () => undefined;
  const keysOf = new Map(files.map((f) => [f.path, new Set(definedObjects(f.text, fromPath(f.path)).map((d) => d.key))]));
  const none: CopySplit = { rest: files.map((f) => f.path), copies: [], notices: [] };
  if (![...keysOf.values()].some((k) => [...k].some(deciding))) return none;
  const built = [...builds()].map(([folder, objects]) => ({ folder, objects, deciding: new Set([...objects.keys()].filter(deciding)) })).filter((b) => b.deciding.size > 0);
  if (built.length === 0) return none;
  const byPath = new Map(files.map((f) => [f.path, f]));
  const copies: RenderedCopy[] = [];
  const copied = new Set<string>();
  // Workloads and policies some copy defines, on this side or the other: a unit defining only those is judged with them.
  const copiedSomewhere = new Set(elsewhere);
  const ownEvidence = new Set<string>();
  const take = (paths: readonly string[], judgedWith: ReadonlySet<string>) => {
    const keys = new Set(paths.flatMap((p) => [...keysOf.get(p)!]));
    const of = copiedBuild(keys, built, () => paths.flatMap((p) => objectsIn(byPath.get(p)!, fromPath(p))), judgedWith);
    if (of === undefined) return;
    copies.push({ files: paths, of: of || '.' });
    paths.forEach((p) => copied.add(p));
    keys.forEach((k) => deciding(k) && copiedSomewhere.add(k));
  };
  const pass = (judgedWith: ReadonlySet<string>) => {
    for (const f of files) if (!copied.has(f.path)) take([f.path], judgedWith);
    const folders = new Map<string, string[]>();
    for (const f of files) if (!copied.has(f.path)) (folders.get(dirOf(f.path)) ?? folders.set(dirOf(f.path), []).get(dirOf(f.path))!).push(f.path);
    for (const paths of folders.values()) if (paths.length > 1) take(paths, judgedWith);
  };
  // Each unit on its own evidence first (a folder that is a build's whole output is that build's, not its
  // first file's), then with every copy known.
  pass(ownEvidence);
  if (copiedSomewhere.size) pass(copiedSomewhere);
  if (copies.length === 0) return none;
  return { rest: files.map((f) => f.path).filter((p) => !copied.has(p)), copies, notices: copyNotices(copies, keysOf) };
}

/**
 * The folder of the build `keys` copies, undefined when none: the most shared workloads and policies, then
 * objects of every kind, then (builds alike in identities: a standard overlay and an experimental one that
 * only sets other flags) objects with the same content; `objects`: the unit's objects, parsed only then.
 */
function copiedBuild(keys: ReadonlySet<string>, builds: readonly Built[], objects: () => readonly (readonly [string, unknown])[], elsewhere: ReadonlySet<string>): string | undefined {
  const mine = new Set([...keys].filter(deciding));
  if (mine.size === 0) return undefined;
  if (mine.size < MIN_DECIDING && ![...mine].every((k) => elsewhere.has(k))) return wholeOutput(keys, builds, objects);
  // Sizes this far apart share less than COPY_SHARE whatever they hold: most builds are passed over uncompared.
  const scored = builds
    .filter((b) => Math.min(mine.size, b.deciding.size) >= COPY_SHARE * Math.max(mine.size, b.deciding.size))
    .map((b) => ({ folder: b.folder, theirs: b.objects, decided: jaccard(mine, b.deciding), all: jaccard(keys, b.objects) }))
    .filter((b) => b.decided >= COPY_SHARE);
  const top = scored.filter((b) => scored.every((o) => b.decided > o.decided || (b.decided === o.decided && b.all >= o.all)));
  if (top.length <= 1) return top[0]?.folder;
  const own = objects().map(([key, value]) => [key, canonical(value)] as const);
  const same = (theirs: ReadonlyMap<string, unknown>) => own.filter(([key, text]) => theirs.has(key) && canonical(theirs.get(key)) === text).length;
  return top.map((b) => ({ folder: b.folder, same: same(b.theirs) })).reduce((a, b) => (b.same > a.same ? b : a)).folder;
}

/** The folder of the first build whose whole output (at least MIN_WHOLE objects) the unit is, unchanged; undefined when none. */
function wholeOutput(keys: ReadonlySet<string>, builds: readonly Built[], objects: () => readonly (readonly [string, unknown])[]): string | undefined {
  const alike = builds.filter((b) => b.objects.size === keys.size && keys.size >= MIN_WHOLE && [...keys].every((k) => b.objects.has(k)));
  if (alike.length === 0) return undefined;
  const own = objects();
  return alike.find((b) => own.length === b.objects.size && own.every(([key, value]) => canonical(value) === canonical(b.objects.get(key))))?.folder;
}

/**
 * The workloads and policies (keys as `definedObjects` gives them) the copies of a side define: what the other
 * side's units are judged with (`renderedCopies` `elsewhere`). `text`: the side's file texts.
 */
export function copiedKeys(copies: readonly RenderedCopy[], text: (path: string) => string | undefined, pattern?: string): Set<string> {
  const fromPath = pattern ? namespaceFromPath(pattern) : () => undefined;
  return new Set(copies.flatMap((c) => c.files.flatMap((p) => definedObjects(text(p) ?? '', fromPath(p)).filter((d) => d.deciding).map((d) => d.key))));
}

/** A file's objects by key, parsed (the scan of object-identities.ts keeps no content). */
function objectsIn(file: { readonly path: string; readonly text: string }, pathNamespace: string | undefined): (readonly [string, unknown])[] {
  const out: (readonly [string, unknown])[] = [];
  for (const d of parseDocuments(file.text, 'kubectl', false)) {
    const key = keyOf(d.value, pathNamespace);
    if (key !== undefined) out.push([key, d.value]);
  }
  return out;
}

/** `Kind/namespace/name` of a parsed or rendered object, undefined without a kind and a name. */
function keyOf(value: unknown, pathNamespace?: string): string | undefined {
  const meta = isObject(value) && isObject(value.metadata) ? value.metadata : undefined;
  if (!meta || !isObject(value) || typeof value.kind !== 'string' || typeof meta.name !== 'string' || meta.name === '') return undefined;
  return objectKey(value.kind, typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : pathNamespace, meta.name);
}

function copyNotices(copies: readonly RenderedCopy[], keysOf: ReadonlyMap<string, ReadonlySet<string>>): Notice[] {
  const name = (c: RenderedCopy) => (c.files.length === 1 ? c.files[0] : `${dirOf(c.files[0]) || '.'} (${c.files.length} files)`);
  const notices = copies.slice(0, NAMED_COPIES).map((c): Notice => {
    const keys = [...new Set(c.files.flatMap((p) => [...keysOf.get(p)!]))].filter(deciding);
    const policies = keys.filter((k) => k.split('/')[0].endsWith('NetworkPolicy')).length;
    const what = [keys.length - policies && plural(keys.length - policies, 'workload'), policies && plural(policies, 'policy', 'policies')].filter(Boolean).join(' and ');
    return {
      code: 'RENDERED_COPY',
      message: `${name(c)} is a rendered copy of the build of ${c.of} (the same ${what}): left out of the plain manifests, since that build is analysed as its own target; a change made to the copy alone is not analysed`,
      ref: { file: c.files[0], line: 1 },
    };
  });
  const rest = copies.slice(NAMED_COPIES);
  if (rest.length) {
    notices.push({ code: 'RENDERED_COPY', message: `${plural(rest.length, 'more rendered copy', 'more rendered copies')} of kustomization builds left out of the plain manifests: ${rest.map((c) => `${name(c)} (of ${c.of})`).join(', ')}`, ref: { file: rest[0].files[0], line: 1 } });
  }
  return notices;
}

/**
 * Rendered copies (`copies`, head's) that a commit edits (`changed`; `onBothSides`: present on base and
 * head) while no file their build reads changes (`read`: the paths a target's cluster model read on either
 * side, by target name): the copy drifts from its build, and that change is in no verdict. One notice
 * naming them, never a silent pass.
 */
export function driftedCopies(copies: readonly RenderedCopy[], changed: ReadonlySet<string>, onBothSides: (path: string) => boolean, read: (target: string) => ReadonlySet<string> | undefined): Notice[] {
  const drifted = copies.filter((c) => c.files.some((p) => changed.has(p) && onBothSides(p)) && ![...(read(c.of) ?? [])].some((p) => changed.has(p)));
  if (drifted.length === 0) return [];
  const one = drifted.length === 1;
  const list = drifted.map((c) => `${c.files.filter((p) => changed.has(p)).join(', ')} (of ${c.of})`).join(', ');
  return [{
    code: 'RENDERED_COPY',
    message: `Not analysed: ${one ? 'a rendered copy' : `${drifted.length} rendered copies`} changed while no file of ${one ? 'its build' : 'their builds'} did: ${list}. Regenerate ${one ? 'it' : 'them'} from the build, or name ${one ? 'it' : 'them'} under targets: in the configuration to analyse ${one ? 'it' : 'them'}`,
    ref: { file: drifted[0].files.find((p) => changed.has(p))!, line: 1 },
  }];
}

/**
 * The objects of the builds of `folders` (top-level kustomizations of `side`), rendered as the analysis
 * renders them (kept between loads: render-cache.ts, so a build is rendered once), each with the load
 * restrictor `restrictor` gives its folder (a build Flux runs has none: flux-builds.ts). A failed build has none.
 */
export function buildObjects(side: SideIndex, folders: readonly string[], restrictor: (dir: string) => LoadRestrictor = () => 'LoadRestrictionsRootOnly'): BuildObjects {
  const texts = new Map(side.files.files.map((f) => [f.path, f.text]));
  const renderer = renderWithin(texts);
  const out = new Map<string, Map<string, unknown>>();
  for (const folder of folders) {
    const objects = new Map<string, unknown>();
    for (const o of renderCached(texts, folder, renderer, restrictor(folder)).objects) {
      const key = keyOf(o.value);
      if (key !== undefined) objects.set(key, o.value);
    }
    out.set(folder, objects);
  }
  return out;
}

const deciding = (key: string) => DECIDING_KINDS.has(key.slice(0, key.indexOf('/')));

/** A build's objects by key, and the keys of its workloads and policies. */
interface Built {
  readonly folder: string;
  readonly objects: ReadonlyMap<string, unknown>;
  readonly deciding: ReadonlySet<string>;
}

/** Shared keys over keys either has. */
function jaccard(a: ReadonlySet<string>, b: { readonly size: number; has(key: string): boolean }): number {
  let both = 0;
  for (const k of a) if (b.has(k)) both++;
  const either = a.size + b.size - both;
  return either === 0 ? 0 : both / either;
}


/**
 * The two sides' copy notices as one list each, a copy whose build differs between the sides (builds that deploy
 * the same workloads, one of them changed by the commit) told once, naming both builds: head's notice says base's
 * build too, base's goes (new-user trial 45, finding 7: two notes for one file named different builds).
 */
export function sidesCopyNotices(head: readonly Notice[], base: readonly Notice[], headCopies: readonly RenderedCopy[], baseCopies: readonly RenderedCopy[]): { head: Notice[]; base: Notice[] } {
  const isCopyNotice = (n: Notice, c: RenderedCopy) => n.code === 'RENDERED_COPY' && n.ref?.file === c.files[0] && n.message.includes(` is a rendered copy of the build of ${c.of} (`);
  const headOut = [...head];
  const dropped = new Set<Notice>();
  for (const h of headCopies) {
    const b = baseCopies.find((c) => c.of !== h.of && c.files.join('\u0000') === h.files.join('\u0000'));
    if (!b) continue;
    const at = headOut.findIndex((n) => isCopyNotice(n, h));
    const gone = base.find((n) => isCopyNotice(n, b));
    if (at < 0 || !gone) continue;
    headOut[at] = { ...headOut[at], message: headOut[at].message.replace(` is a rendered copy of the build of ${h.of} (`, ` is a rendered copy of the build of ${h.of} (of ${b.of} on base; `) };
    dropped.add(gone);
  }
  return { head: headOut, base: base.filter((n) => !dropped.has(n)) };
}
