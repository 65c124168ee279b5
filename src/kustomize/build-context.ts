/** What every step of one build shares: the files, the positions, the diagnostics and what was read. */
import type { SourceRef } from '../engine/model.js';
import type { Diagnostic, DiagnosticCode } from '../manifests/diagnostics.js';
import type { FileReads, Files } from './file-set.js';
import { showDir } from './file-set.js';
import { KustomizeError } from './nodes.js';
import type { Resource } from './resource.js';
import type { DeletedObject, FileUse, LoadRestrictor, Positions } from './types.js';
import { isWithin, joinPath } from '../util/repo-paths.js';

export interface BuildContext {
  /** The files, as a view recording each question in `reads`. */
  readonly fs: Files;
  /** What the build asked of its files so far (file-set.ts recordedFiles). */
  readonly reads: FileReads;
  readonly positions: Positions;
  readonly diagnostics: Diagnostic[];
  readonly used: Map<string, Set<FileUse>>;
  readonly includes: Set<string>;
  /** Objects `$patch: delete` took out so far (RenderResult `deleted`). */
  readonly deleted: DeletedObject[];
  /** Kustomization folders being built, outermost first (a cycle is a build failure). */
  readonly stack: string[];
  /** Whether a kustomization may name files outside its folder (never outside the file set). */
  readonly loadRestrictor: LoadRestrictor;
  /** Built resource folders, shared by every overlay that includes them (copied on use); see `memoKey`. */
  readonly memo: Map<string, { resources: Resource[]; diagnostics: Diagnostic[]; used: Map<string, Set<FileUse>>; includes: Set<string>; reads: FileReads; deleted: DeletedObject[] }>;
}

export function use(ctx: BuildContext, path: string, how: FileUse): void {
  let set = ctx.used.get(path);
  if (!set) ctx.used.set(path, (set = new Set()));
  set.add(how);
}

/** Adds a warning at `ref`; `data`: the diagnostic's fields as data, for the code that reads them (Diagnostic `lacks`, `unmatchedEntry`, `remoteEntry`). */
export function warn(ctx: BuildContext, code: DiagnosticCode, message: string, ref: SourceRef, data?: Pick<Diagnostic, 'lacks' | 'unmatchedEntry' | 'remoteEntry'>): void {
  ctx.diagnostics.push({ severity: 'warning', code, message, ref, ...data });
}

/**
 * The memo key of a built folder: a folder that builds without the load restrictor may fail with it, so
 * the two builds are kept apart (a build that succeeds with it is the same without it).
 */
export function memoKey(ctx: BuildContext, dir: string): string {
  return ctx.loadRestrictor === 'LoadRestrictionsNone' ? `\0none\0${dir}` : dir;
}

/** Whether the load restrictor refuses `path` (resolved from `dir`; undefined: above the file set's root) for a kustomization in `dir`. */
export function restricted(ctx: BuildContext, path: string | undefined, dir: string): boolean {
  return path === undefined || (ctx.loadRestrictor === 'LoadRestrictionsRootOnly' && !isWithin(path, dir));
}

/** The error of a file the load restrictor refuses. */
export function restrictorError(ctx: BuildContext, what: string, rel: string, dir: string, ref: SourceRef): KustomizeError {
  return ctx.loadRestrictor === 'LoadRestrictionsNone'
    ? new KustomizeError(`${what} ${rel}: security; file is outside the source's root`, ref)
    : new KustomizeError(`${what} ${rel}: security; file is not in or below ${showDir(dir)} (Kustomize's load restrictor)`, ref);
}

/**
 * A file a kustomization names (patch, replacement source, generator input): relative to its folder and,
 * as Kustomize's default load restrictor demands, inside it (with `LoadRestrictionsNone`, anywhere in the file set).
 */
export function localFile(ctx: BuildContext, dir: string, rel: string, ref: SourceRef, what: string): string {
  const path = joinPath(dir, rel);
  if (restricted(ctx, path, dir)) throw restrictorError(ctx, what, rel, dir, ref);
  if (!ctx.fs.isFile(path!)) throw new KustomizeError(`${what} ${rel}: no such file (${path})`, ref);
  return path!;
}
