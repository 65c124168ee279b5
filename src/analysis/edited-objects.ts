/**
 * Where a change is cited when it edits an object through a rendering-time edit, not in the object's own
 * document: a Kustomize or Flux `patches` entry (strategic merge or JSON 6902), `namespace:` / Flux
 * `targetNamespace`, `namePrefix` / `nameSuffix`, `labels` / `commonLabels`, Flux `commonMetadata`, a
 * `resources:` or `components:` entry. The report cited the object's document (`apps/shop/np.yaml:1`, a
 * file the pull request does not touch) in the headline, the why-lines and the findings, where a GitHub
 * annotation lands on an untouched file (new-user 47). The renderer keeps, for each rendered object, the
 * position of every mapping and sequence (the patch or transformer that last wrote it) and the lines of the
 * kustomization fields that changed it otherwise (kustomize/types.ts `RenderedObject.edits`); here a citation
 * in a file that reads the same on both sides moves to the first of those that lies in lines the change
 * edits: the field asked for first (`policyTypes` for a policy that now isolates), then any. A line is edited
 * when it, or a line of the block it opens (the lines below it, more indented), is added, removed or changed
 * in a changed document of that side: a patch entry whose value alone changed is cited at the entry. A
 * removed edit (a patch deleted) is base's line, written `base:FILE:LINE`; findings, on head lines only,
 * take the head line where it was deleted (change-lines.ts).
 */
import type { SourceRef } from '../engine/model.js';
import type { Reason } from '../engine/index.js';
import type { RenderResult, RenderedObject } from '../kustomize/index.js';
import type { DocumentChange, ExplainedPair } from './types.js';
import type { IsolationCause } from './isolation-causes.js';
import { movedReasons } from './moved-reasons.js';
import { textLines } from '../util/line-ends.js';
import { headLineOf, lineHunks } from './change-lines.js';

type Side = 'base' | 'head';

/**
 * The repository's texts on each side (undefined: no such file). A target's changed documents are of the files
 * it reads; the edit may lie in a file another target reads (a Flux Kustomization's own file, read by the one
 * that applies it): its lines are then those of the whole file's change.
 */
export interface RepositoryTexts {
  readonly base: (path: string) => string | undefined;
  readonly head: (path: string) => string | undefined;
}
type Renders = Pick<RenderResult, 'objects' | 'positions' | 'deleted'>;

/**
 * `(side, ref, name?, prefer?)` → the line a change edits that made the object whose document starts at `ref`
 * (of that side; named `name` when given) what it is, or undefined: none, or `ref`'s file is edited itself
 * (`sameFile(file)`: whether the file reads the same on both sides). `prefer`: a field path looked at first.
 * None found among the rendering-time edits: `substituted(side, ref)`, a Flux post-build value it uses that the change edits.
 */
export type EditedCite = ((side: Side, ref: SourceRef, name?: string, prefer?: readonly string[]) => SourceRef | undefined) & {
  /**
   * `(side, ref, name?)` → the line a change edits on `side` of a `$patch: delete` that takes out of `side`'s
   * build the object whose document starts at `ref` (named `name` when given): the `$patch: delete` line, the
   * patch document or its patch entry (kustomize/types.ts DeletedObject), the first edited; undefined: none.
   * A policy an overlay now deletes reads as removed on head; one it no longer deletes, as added.
   */
  readonly deletion: (side: Side, ref: SourceRef, name?: string) => SourceRef | undefined;
};

export function editedObjectCite(
  changes: readonly DocumentChange[],
  renders: Readonly<Record<Side, readonly Renders[] | undefined>>,
  sameFile: (file: string) => boolean,
  repository?: RepositoryTexts,
  substituted?: (side: Side, ref: SourceRef) => SourceRef | undefined,
): EditedCite {
  const edited = { base: editedLines(changes, 'base', repository), head: editedLines(changes, 'head', repository) };
  const byRef: Partial<Record<Side, Map<string, { o: RenderedObject; r: Renders }[]>>> = {};
  const objectsAt = (side: Side, ref: SourceRef) => {
    let index = byRef[side];
    if (!index) {
      index = new Map();
      for (const r of renders[side] ?? []) for (const o of r.objects) (index.get(`${o.ref.file}:${o.ref.line}`) ?? index.set(`${o.ref.file}:${o.ref.line}`, []).get(`${o.ref.file}:${o.ref.line}`)!).push({ o, r });
      byRef[side] = index;
    }
    return index.get(`${ref.file}:${ref.line}`) ?? [];
  };
  // Asked once per reason, pair and finding: many name the same object.
  const memo = new Map<string, SourceRef | undefined>();
  const cite = (side: Side, ref: SourceRef, name?: string, prefer?: readonly string[]): SourceRef | undefined => {
    if (!sameFile(ref.file) || ((renders[side]?.length ?? 0) === 0 && !substituted)) return undefined;
    const key = `${side}\u0000${ref.file}\u0000${ref.line}\u0000${name ?? ''}\u0000${prefer?.join('.') ?? ''}`;
    if (memo.has(key)) return memo.get(key);
    // Else a Flux post-build value the object uses, changed (substituted-lines.ts).
    const at = ((renders[side]?.length ?? 0) > 0 ? find(side, ref, name, prefer) : undefined) ?? substituted?.(side, ref);
    memo.set(key, at);
    return at;
  };
  const deletion = (side: Side, ref: SourceRef, name?: string): SourceRef | undefined => {
    if (!sameFile(ref.file) || ((renders[side]?.length ?? 0) === 0 && !substituted)) return undefined;
    for (const r of renders[side] ?? []) {
      for (const d of r.deleted ?? []) {
        if (d.ref.file !== ref.file || d.ref.line !== ref.line || (name !== undefined && d.name !== name)) continue;
        const at = d.edits.find((e) => !sameFile(e.file) && edited[side](e));
        if (at) return at;
      }
    }
    return undefined;
  };
  return Object.assign(cite, { deletion });
  function find(side: Side, ref: SourceRef, name: string | undefined, prefer: readonly string[] | undefined): SourceRef | undefined {
    const isEdited = (at: SourceRef | undefined): at is SourceRef => at !== undefined && !sameFile(at.file) && edited[side](at);
    const found = objectsAt(side, ref);
    const named = name === undefined ? found : found.filter(({ o }) => nameOf(o.value) === name);
    for (const { o, r } of named.length ? named : found) {
      const first = prefer && nodeAt(o.value, prefer);
      if (first !== undefined && isEdited(r.positions.get(first))) return r.positions.get(first);
      for (const e of o.edits ?? []) if (isEdited(e)) return e;
      const at = firstPosition(o.value, r, isEdited);
      if (at) return at;
    }
    return undefined;
  }
}

/** The position of the first mapping or sequence of `node` (itself first, then its fields in order) that `ok` takes. */
function firstPosition(node: unknown, r: Renders, ok: (at: SourceRef | undefined) => at is SourceRef): SourceRef | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  const at = r.positions.get(node);
  if (ok(at)) return at;
  for (const v of Array.isArray(node) ? node : Object.values(node)) {
    const inner = firstPosition(v, r, ok);
    if (inner) return inner;
  }
  return undefined;
}

function nodeAt(value: unknown, path: readonly string[]): object | undefined {
  let v = value;
  for (const key of path) v = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;
  return v !== null && typeof v === 'object' ? v : undefined;
}

function nameOf(value: unknown): string | undefined {
  const meta = (value as { metadata?: { name?: unknown } }).metadata;
  return typeof meta?.name === 'string' ? meta.name : undefined;
}

/**
 * `(ref) => whether ref's line, or a line of the block it opens, is one the change adds, removes or changes` on
 * `side`, in the changed documents: an added document's lines (head), a removed one's (base), an edited one's
 * hunks (each side its own lines). `block: false`: the line itself only.
 */
export function editedLines(changes: readonly DocumentChange[], side: Side, repository?: RepositoryTexts, block = true): (ref: SourceRef) => boolean {
  type Span = { readonly start: number; readonly lines: readonly string[]; readonly changed: ReadonlySet<number> };
  let spans: Map<string, Span[]> | undefined;
  const span = (start: number, own: string, other: string | undefined): Span => {
    const lines = textLines(own);
    const changed = new Set<number>();
    if (other === undefined) lines.forEach((_, i) => changed.add(start + i));
    else {
      const [a, b] = side === 'head' ? [other, own] : [own, other];
      const mine = side === 'head' ? '+' : '-';
      for (const h of lineHunks(a, b)) {
        let n = side === 'head' ? h.newStart : h.oldStart;
        for (const l of h.lines) {
          if (l.startsWith(mine)) changed.add(start + n - 1);
          if (l.startsWith(mine) || l.startsWith(' ')) n++;
        }
      }
    }
    return { start, lines, changed };
  };
  const index = () => {
    spans = new Map();
    for (const c of changes) {
      const own = c[side];
      if (!own) continue;
      const s = span(own.startLine, own.text, c[side === 'head' ? 'base' : 'head']?.text);
      if (s.changed.size) (spans.get(own.file) ?? spans.set(own.file, []).get(own.file)!).push(s);
    }
  };
  // Files no changed document of this target covers, diffed whole when the repository's texts differ (made when first asked).
  const whole = new Map<string, Span[]>();
  const ofFile = (file: string): readonly Span[] => {
    const known = spans!.get(file);
    if (known || !repository) return known ?? [];
    let out = whole.get(file);
    if (!out) {
      const own = repository[side](file);
      const other = repository[side === 'head' ? 'base' : 'head'](file);
      out = own === undefined || own === other ? [] : [span(1, own, other)];
      whole.set(file, out);
    }
    return out;
  };
  return (ref) => {
    if (!spans) index();
    for (const s of ofFile(ref.file)) {
      const i = ref.line - s.start;
      if (i < 0 || i >= s.lines.length) continue;
      if (s.changed.has(ref.line)) return true;
      if (!block) return false;
      // The block the line opens: the lines below it indented more than its content (a `- target:` entry's fields).
      const indent = contentIndent(s.lines[i]);
      for (let j = i + 1; j < s.lines.length; j++) {
        const l = s.lines[j];
        if (l.trim() === '') continue;
        if (l.length - l.trimStart().length < indent) break;
        if (s.changed.has(s.start + j)) return true;
      }
      return false;
    }
    return false;
  };
}

/**
 * `(ref) => the first line of `side`'s changed document holding `ref` that the change adds or changes`, undefined
 * when no changed document holds `ref` or none of its lines changed (a move).
 */
export function firstEditedLine(changes: readonly DocumentChange[], side: Side): (ref: SourceRef) => SourceRef | undefined {
  const edited = editedLines(changes, side, undefined, false);
  return (ref) => {
    const doc = changes.map((c) => c[side]).find((d) => d !== undefined && d.file === ref.file && d.startLine <= ref.line && ref.line <= d.endLine);
    if (!doc) return undefined;
    for (let line = doc.startLine; line <= doc.endLine; line++) if (edited({ file: doc.file, line })) return { file: doc.file, line };
    return undefined;
  };
}

/** The column where a line's content starts, past a list item's dash (`  - op: add` → 4). */
function contentIndent(line: string): number {
  const m = /^(\s*)(-\s+)?/.exec(line)!;
  return m[1].length + (m[2]?.length ?? 0) + (m[2] ? 0 : 1);
}

/** The policy's name in an id (`ns/name`, `ns/name[Kind]`, `Kind/name`). */
function policyName(id: string): string {
  return id.replace(/\[[^\]]*\]$/, '').replace(/^.*\//, '');
}

/** Fields that decide whom a policy isolates: cited first for a change of its isolation. */
const ISOLATION: Readonly<Record<string, readonly string[]>> = { 'policy-types': ['spec', 'policyTypes'], 'pod-selector': ['spec', 'podSelector'] };

/** `causes` with each policy cited where the change edits it (the file's comment), else as they were. */
export function causesWhereEdited(causes: readonly IsolationCause[], cite: EditedCite): IsolationCause[] {
  return causes.map((c) => {
    let moved = false;
    const policies = c.policies.map((p) => {
      const other: Side = p.side === 'head' ? 'base' : 'head';
      const name = policyName(p.policy);
      const prefer = ISOLATION[p.how];
      // Taken out of head's build (or no longer) by a deletion patch the change adds (removes): cited there.
      const deletion = p.how === 'removed' || p.how === 'added' ? cite.deletion(other, p.ref, name) : undefined;
      if (deletion) {
        moved = true;
        return { ...p, ref: deletion, side: other, deletion: true as const };
      }
      const own = cite(p.side, p.ref, name, prefer);
      const at = own ? { ref: own, side: p.side } : (() => {
        const theirs = p.how === 'removed' || p.how === 'added' ? undefined : cite(other, p.ref, name, prefer);
        return theirs ? { ref: theirs, side: other } : undefined;
      })();
      if (!at) return p;
      moved = true;
      return { ...p, ref: at.ref, side: at.side };
    });
    return moved ? { ...c, policies } : c;
  });
}

/**
 * `pairs` with their object-level reasons (`isolated-by`, `policy-absent`, a workload added or removed) cited
 * where the change edits the object (the file's comment); the same pairs where none moves. Rule reasons carry the rule's own line, which a
 * patch writing the rule already gives.
 */
export function reasonsWhereEdited(pairs: readonly ExplainedPair[], cite: EditedCite): ExplainedPair[] {
  return movedReasons(pairs, (r: Reason): Reason => {
    if (r.kind !== 'isolated-by' && r.kind !== 'policy-absent' && r.kind !== 'workload-added' && r.kind !== 'workload-removed') return r;
    // `policy-absent`: absent on `side`, its ref the other side's; a workload added is head's, one removed base's.
    const side: Side = r.kind === 'isolated-by' ? r.side : r.kind === 'policy-absent' ? (r.side === 'head' ? 'base' : 'head') : r.kind === 'workload-added' ? 'head' : 'base';
    const at = cite(side, r.ref, policyName(r.kind === 'isolated-by' || r.kind === 'policy-absent' ? r.policy : r.workload), r.kind === 'isolated-by' ? ISOLATION['policy-types'] : undefined);
    // A policy a `$patch: delete` the change adds (removes) takes out of one side's build: the reason says where (its own `ref` stays the policy's).
    const gone: Side = side === 'head' ? 'base' : 'head';
    const deletion = !at && (r.kind === 'isolated-by' || r.kind === 'policy-absent') ? cite.deletion(gone, r.ref, policyName(r.policy)) : undefined;
    const out = at ? { ...r, ref: at } : deletion ? { ...r, deletion: { side: gone, ref: deletion } } : r;
    return out;
  });
}

/** Head findings at an object's document in an untouched file, cited where the change edits that object. */
export function findingsAtEdits<F extends { readonly ref: SourceRef }>(findings: readonly F[], cite: EditedCite): F[] {
  return findings.map((f) => {
    const at = cite('head', f.ref);
    return at ? { ...f, ref: at } : f;
  });
}

/**
 * `headLine` (change-lines.ts: a base position → the head line of its change) that first moves a base object's
 * document in an untouched file to the line the change edits of it (a patch deleted: where it was deleted).
 */
export function headLineAtEdits(headLine: (ref: SourceRef) => SourceRef | undefined, cite: EditedCite, repository?: RepositoryTexts): (ref: SourceRef) => SourceRef | undefined {
  // A file no changed document of the target holds (another target's, where a reason already cites the edit): its head line from the whole file's change.
  const ofFile = (at: SourceRef): SourceRef | undefined => {
    const [before, after] = [repository?.base(at.file), repository?.head(at.file)];
    return before !== undefined && after !== undefined && before !== after ? { file: at.file, line: headLineOf(before, after, at.line) } : undefined;
  };
  return (ref) => {
    const at = cite('base', ref);
    return (at && (headLine(at) ?? ofFile(at))) ?? headLine(ref) ?? ofFile(ref);
  };
}

/** Changed policies no path cites (unshown-changes.ts), each cited where the change edits it on its side (a removed one base's). */
export function unshownWhereEdited<C extends { readonly policy: string; readonly change: 'added' | 'removed' | 'changed'; readonly ref: SourceRef; readonly deletion?: true }>(changes: readonly C[], cite: EditedCite): C[] {
  return changes.map((c) => {
    // A `$patch: delete` the change adds (removes): the other side's line, `deletion` set.
    const deletion = c.change === 'changed' ? undefined : cite.deletion(c.change === 'removed' ? 'head' : 'base', c.ref, policyName(c.policy));
    if (deletion) return { ...c, ref: deletion, deletion: true as const };
    const at = cite(c.change === 'removed' ? 'base' : 'head', c.ref, policyName(c.policy));
    return at ? { ...c, ref: at } : c;
  });
}
