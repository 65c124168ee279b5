/** What every step of one build shares: the files, the positions, the diagnostics and what was read. */
import type { SourceRef } from '../engine/model.js';
import type { Diagnostic, DiagnosticCode } from '../manifests/diagnostics.js';
import type { FileSet } from './file-set.js';
import { isWithin, joinPath, showDir } from './file-set.js';
import { KustomizeError } from './nodes.js';
import type { Resource } from './resource.js';
import type { FileUse, Positions } from './types.js';

export interface BuildContext {
  readonly fs: FileSet;
  readonly positions: Positions;
  readonly diagnostics: Diagnostic[];
  readonly used: Map<string, Set<FileUse>>;
  readonly includes: Set<string>;
  /** Kustomization folders being built, outermost first (a cycle is a build failure). */
  readonly stack: string[];
  /** Built resource folders, shared by every overlay that includes them (copied on use). */
  readonly memo: Map<string, { resources: Resource[]; diagnostics: Diagnostic[]; used: Map<string, Set<FileUse>>; includes: Set<string> }>;
}

export function use(ctx: BuildContext, path: string, how: FileUse): void {
  let set = ctx.used.get(path);
  if (!set) ctx.used.set(path, (set = new Set()));
  set.add(how);
}

export function warn(ctx: BuildContext, code: DiagnosticCode, message: string, ref: SourceRef): void {
  ctx.diagnostics.push({ severity: 'warning', code, message, ref });
}

/**
 * A file a kustomization names (patch, replacement source, generator input): relative to its folder and,
 * as Kustomize's default load restrictor demands, inside it.
 */
export function localFile(ctx: BuildContext, dir: string, rel: string, ref: SourceRef, what: string): string {
  const path = joinPath(dir, rel);
  if (path === undefined || !isWithin(path, dir)) {
    throw new KustomizeError(`${what} ${rel}: security; file is not in or below ${showDir(dir)} (Kustomize's load restrictor)`, ref);
  }
  if (!ctx.fs.isFile(path)) throw new KustomizeError(`${what} ${rel}: no such file (${path})`, ref);
  return path;
}
