/**
 * Plain manifests that redefine each other's objects are alternatives, not one deployment: a project's
 * `install.yaml` and `ha/install.yaml` (argo-cd) each define the same Deployments, and exactly one of
 * them is applied. Read as one cluster, the objects only one of them has meet (the non-HA bundle's redis
 * reaching the HA bundle's haproxy), and the report invents paths no deployment has.
 *
 * The plain files are grouped into units: a folder's files, except that files of one folder that define
 * the same object are each a unit of their own (`install.yaml`, `namespace-install.yaml` side by side).
 * Units that define a workload or a policy another unit also defines (same kind, namespace and name) are
 * alternative bundles: each is a target of its own, named by its file when it has one, else by its folder.
 * Only those kinds decide: two bundles of one app each run its workloads (and hold its policies), while a
 * shared CRD, ConfigMap, Secret, RBAC object, ServiceAccount or Namespace is usually a copy beside a
 * deployment (a CRD folder for code generation, a test's copy of a ConfigMap, a Namespace each app folder
 * repeats), and splitting on it cut a deployed folder from what is applied with it (real-eval 9, C1:
 * a policy moved between two folders applied to one namespace read as paths opened). The other units
 * stay together as the plain-manifest target. A namespace-less object's namespace is the one
 * `namespaceFromPath` gives its file, else none (every plain file gets the same default). Config Sync
 * repositories are left whole: Config Sync places namespace-less objects by folder and by selector
 * (config-sync.ts), so the same name in two folders is two objects.
 *
 * Namespace-less copies in folders named after namespaces (`namespaces/dev/app.yaml`, `namespaces/prod/app.yaml`
 * without `namespaceFromPath`) are split the same way: read as one cluster they would collapse into one
 * object in `default`; each folder alone is a truer model, and the notice names `namespaceFromPath`.
 * An object defined twice within one unit stays what the loader makes of it (the last copy, a
 * `DUPLICATE_OBJECT` warning: src/manifests/last-copy.ts).
 */
import { namespaceFromPath } from './namespace-from-path.js';
import { parentOf } from './repo-files.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import { SizedCache } from '../util/sized-cache.js';
import { WORKLOAD_KINDS } from '../manifests/kinds/workload.js';
import { isObject } from '../manifests/context.js';
import type { SourceRef } from '../engine/model.js';
import type { Notice } from './types.js';

export interface Bundle {
  /** The file of a bundle of one file, else the folder (`.` for the top). */
  readonly name: string;
  readonly files: readonly string[];
  /** One line: what it redefines, and where. */
  readonly why: string;
  /** The bundle it is an alternative to (its name), and what both define (`Deployment shop/api`). */
  readonly alternativeTo: { readonly bundle: string; readonly shared: string };
}

export interface BundleSplit {
  /** Plain files no other unit contradicts: the plain-manifest target, as before. */
  readonly rest: readonly string[];
  readonly bundles: readonly Bundle[];
  readonly notices: readonly Notice[];
}

/** An object a file defines: `Kind/namespace/name` (namespace empty when neither the object nor its path names one), and where its document starts in the text. */
interface Defined {
  readonly key: string;
  readonly offset: number;
}

/** Pairs named in the notice; the rest are counted. */
const NAMED_PAIRS = 3;

/** `files` (plain manifests, path order) split into alternative bundles and the rest; `pattern`: the top-level `namespaceFromPath`. */
export function alternativeBundles(files: readonly { readonly path: string; readonly text: string }[], pattern?: string): BundleSplit {
  const whole: BundleSplit = { rest: files.map((f) => f.path), bundles: [], notices: [] };
  if (files.length < 2) return whole;
  const fromPath = pattern ? namespaceFromPath(pattern) : () => undefined;
  const defining = (f: { readonly path: string; readonly text: string }) => definitions(f.text, /\.json$/i.test(f.path), fromPath(f.path));
  /** Object key → the file defining it, or the files when several do (most objects: one file, no array). */
  const definedBy = new Map<string, string | string[]>();
  let redefined = false;
  for (const f of files) {
    for (const d of defining(f)) {
      const known = definedBy.get(d.key);
      if (known === undefined) definedBy.set(d.key, f.path);
      else if (typeof known !== 'string') {
        if (!known.includes(f.path)) known.push(f.path);
      } else if (known !== f.path) {
        definedBy.set(d.key, [known, f.path]);
        redefined = true;
      }
    }
  }
  if (!redefined) return whole;
  if (files.some((f) => f.text.includes('configmanagement.gke.io') || f.text.includes('configsync.gke.io'))) return whole;
  const byPath = new Map(files.map((f) => [f.path, f]));
  const definers = new Map([...definedBy].filter((e): e is [string, string[]] => Array.isArray(e[1])));
  // Units: folders, with the files of a folder that redefine each other's objects split out.
  const unitOf = new Map<string, string>();
  for (const [, paths] of definers) {
    for (const p of paths) if (paths.some((q) => q !== p && parentOf(q) === parentOf(p))) unitOf.set(p, p);
  }
  for (const f of files) if (!unitOf.has(f.path)) unitOf.set(f.path, parentOf(f.path) || '.');
  const conflicts: { readonly a: string; readonly b: string; readonly key: string; readonly ref: SourceRef }[] = [];
  const seen = new Set<string>();
  for (const [key, paths] of definers) {
    for (let i = 0; i < paths.length; i++) {
      for (let j = i + 1; j < paths.length; j++) {
        const [a, b] = [unitOf.get(paths[i])!, unitOf.get(paths[j])!];
        if (a === b || seen.has(`${a}\0${b}`)) continue;
        seen.add(`${a}\0${b}`);
        const file = byPath.get(paths[j])!;
        const offset = defining(file).find((d) => d.key === key)!.offset;
        conflicts.push({ a, b, key, ref: { file: file.path, line: lineAt(file.text, offset) } });
      }
    }
  }
  if (conflicts.length === 0) return whole;
  const split = new Set(conflicts.flatMap((c) => [c.a, c.b]));
  const members = new Map<string, string[]>();
  const rest: string[] = [];
  for (const f of files) {
    const unit = unitOf.get(f.path)!;
    if (split.has(unit)) (members.get(unit) ?? members.set(unit, []).get(unit)!).push(f.path);
    else rest.push(f.path);
  }
  // A unit of one file is named by the file (`install.yaml`, `ha/install.yaml`): clearer than its folder.
  const named = (unit: string) => (members.get(unit)?.length === 1 ? members.get(unit)![0] : unit);
  const bundles = [...members].map(([unit, paths]): Bundle => {
    const c = conflicts.find((x) => x.a === unit || x.b === unit)!;
    const other = named(c.a === unit ? c.b : c.a);
    return { name: named(unit), files: paths, why: `plain manifests that are an alternative to ${other} (both define ${describe(c.key)})`, alternativeTo: { bundle: other, shared: describe(c.key) } };
  });
  const pairs = conflicts.slice(0, NAMED_PAIRS).map((c) => `${named(c.a)} and ${named(c.b)} both define ${describe(c.key)}`);
  const more = conflicts.length > NAMED_PAIRS ? `, and ${conflicts.length - NAMED_PAIRS} more pairs` : '';
  const message = `${pairs.join('; ')}${more}: taken as alternative bundles of plain manifests (never applied together in one namespace), each analysed as its own target (${bundles.map((b) => b.name).join(', ')}), so no path is reported between objects of different bundles; if they are copies for different namespaces of one cluster, set namespaceFromPath`;
  return { rest, bundles, notices: [{ code: 'ALTERNATIVE_BUNDLES', message, ref: conflicts[0].ref }] };
}

/** `Deployment server`, `Deployment shop/server`. */
function describe(key: string): string {
  const [kind, namespace, ...name] = key.split('/');
  return `${kind} ${namespace ? `${namespace}/` : ''}${name.join('/')}`;
}

/** The kinds whose redefinition makes two units alternatives: workloads and the policies reachdiff models. */
const DECIDING_KINDS: ReadonlySet<string> = new Set([...WORKLOAD_KINDS, 'NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy']);

/**
 * The workloads and policies a file defines (DECIDING_KINDS), objects without a name left out. Block-style documents (the
 * usual manifest) are read by a line scan of their top-level `kind:` and `metadata:` name and namespace,
 * which stops at the end of `metadata` and costs a fraction of a parse; any other (JSON, flow-style metadata
 * with nesting, anchors, a block scalar) is parsed. Documents are separated as yaml-documents.ts separates them.
 */
function definitions(text: string, isJson: boolean, pathNamespace: string | undefined): Defined[] {
  const key = (id: Identity) => `${id.kind}/${id.namespace ?? pathNamespace ?? ''}/${id.name}`;
  const cached = isJson ? undefined : scanned.get(text);
  if (cached) return cached.map((d) => ({ key: key(d.id), offset: d.offset }));
  const found: { readonly id: Identity; readonly offset: number }[] = [];
  const add = (id: Identity | undefined, offset: number) => {
    if (id && DECIDING_KINDS.has(id.kind)) found.push({ id, offset });
  };
  const out = () => found.map((d) => ({ key: key(d.id), offset: d.offset }));
  if (isJson) {
    for (const d of parseDocuments(text, true)) add(parsedIdentity(d.value), 0);
    return out();
  }
  const separators = new Separators(text);
  for (let start = 0; start < text.length; ) {
    const end = separators.next(start);
    const scanned = scanIdentity(text, start, end);
    if (scanned !== UNSURE) add(scanned, start);
    else for (const d of parseDocuments(text.slice(start, end), false, false)) add(parsedIdentity(d.value), start);
    if (end >= text.length) break;
    const nl = text.indexOf('\n', end);
    start = nl < 0 ? text.length : nl + 1;
  }
  // Once full, it keeps what it holds: evicting entry by entry for a repository larger than it costs more than a scan.
  if (scanned.size + text.length <= SCAN_CACHE_CHARS) scanned.set(text, found);
  return out();
}

/**
 * The identities found in a text, by the text: base and head share almost every file, and a warm process
 * sees them push after push. Bounded by text size, as the parse cache is (yaml-documents.ts); texts past the
 * bound are scanned each time.
 */
const SCAN_CACHE_CHARS = 64 * 2 ** 20;
const scanned = new SizedCache<string, readonly { readonly id: Identity; readonly offset: number }[]>(SCAN_CACHE_CHARS, (text) => text.length, SCAN_CACHE_CHARS / 4);

/** Where document separator lines (`---`, `...`) start, found with native searches, each searched for once per file. */
class Separators {
  private dashes = -1;
  private dots = -1;
  constructor(private readonly text: string) {}

  /** The offset of the first separator line at or after `from` (`text.length` when none). */
  next(from: number): number {
    for (let at = from; ; ) {
      if (this.dashes < at) this.dashes = this.find('---', at);
      if (this.dots < at) this.dots = this.find('...', at);
      const i = Math.min(this.dashes, this.dots);
      if (i >= this.text.length) return this.text.length;
      const nl = this.text.indexOf('\n', i);
      const line = this.text.slice(i, nl < 0 ? this.text.length : nl).replace(/\r$/, '');
      if (/^---(\s|$)/.test(line) || /^\.\.\.\s*$/.test(line)) return i;
      at = i + 1;
    }
  }

  /** The first line start at or after `from` that begins with `marker`, else `text.length`. */
  private find(marker: string, from: number): number {
    if (from === 0 && this.text.startsWith(marker)) return 0;
    const i = this.text.indexOf(`\n${marker}`, Math.max(0, from - 1));
    return i < 0 ? this.text.length : i + 1;
  }
}

/** 1-based line of `offset` in `text`. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

interface Identity {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

const UNSURE = Symbol('unsure');

function parsedIdentity(value: unknown): Identity | undefined {
  if (!isObject(value) || typeof value.kind !== 'string' || !isObject(value.metadata)) return undefined;
  const { name, namespace } = value.metadata;
  if (typeof name !== 'string' || name === '') return undefined;
  return { kind: value.kind, name, ...(typeof namespace === 'string' && namespace !== '' ? { namespace } : {}) };
}

/**
 * A block-style document's identity from its lines, undefined when it has none, UNSURE when the scan cannot
 * tell. The scan stops once `kind` is known and the `metadata` block has ended (most documents: at `spec:`).
 */
function scanIdentity(text: string, from: number, to: number): Identity | undefined | typeof UNSURE {
  let kind: string | undefined;
  let name: string | undefined;
  let namespace: string | undefined;
  let inMetadata = false;
  let metadataDone = false;
  let indent = -1;
  for (let pos = from; pos < to && !(kind !== undefined && metadataDone); ) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 || nl > to ? to : nl;
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(pos, end - 1) : text.slice(pos, end);
    pos = end + 1;
    if (line === '' || line.startsWith('#')) continue;
    if (line[0] !== ' ' && line[0] !== '\t') {
      if (inMetadata) (inMetadata = false), (metadataDone = true);
      if (line.startsWith('kind:')) {
        const v = scalar(line.slice(5));
        if (v === UNSURE) return UNSURE;
        kind = v;
      } else if (line.startsWith('metadata:')) {
        const rest = withoutComment(line.slice(9)).trim();
        if (rest === '') inMetadata = true;
        else {
          const flow = /^\{([^{}[\]&*]*)\}$/.exec(rest);
          if (!flow) return UNSURE;
          for (const part of flow[1].split(',')) {
            const m = /^\s*(name|namespace)\s*:(.*)$/.exec(part);
            const v = m ? scalar(m[2]) : undefined;
            if (v === UNSURE) return UNSURE;
            if (m?.[1] === 'name') name = v;
            if (m?.[1] === 'namespace') namespace = v;
          }
          metadataDone = true;
        }
      } else if (!/^["']?[\w.-]+["']?\s*:/.test(line)) return UNSURE;
      continue;
    }
    if (!inMetadata) continue;
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const at = line.length - trimmed.length;
    if (indent < 0) indent = at;
    if (at !== indent) continue;
    const m = /^(name|namespace)\s*:(.*)$/.exec(trimmed);
    if (!m) continue;
    const v = scalar(m[2]);
    if (v === UNSURE) return UNSURE;
    if (m[1] === 'name') name = v;
    else namespace = v;
  }
  return kind !== undefined && name !== undefined ? { kind, name, ...(namespace !== undefined ? { namespace } : {}) } : undefined;
}

/** A plain or quoted one-line scalar; UNSURE for anything else (a flow collection, an anchor, a tag, a block scalar, nothing on the line). */
function scalar(text: string): string | undefined | typeof UNSURE {
  const v = withoutComment(text).trim();
  if (v === '' || /^[{[&*!|>%@`]/.test(v)) return UNSURE;
  const quoted = /^"([^"\\]*)"$|^'([^']*)'$/.exec(v);
  if (quoted) return quoted[1] ?? quoted[2];
  if (/^["']/.test(v)) return UNSURE;
  return v === '~' || v === 'null' ? undefined : v;
}

function withoutComment(text: string): string {
  const i = text.search(/\s#/);
  return i < 0 ? text : text.slice(0, i);
}
