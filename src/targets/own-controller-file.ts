/**
 * A whole-build target's controller object (a Flux Kustomization, an Argo CD Application, or the ApplicationSet that
 * generates it) sits in a file its own build does not read: its parent's. A change that edits that object (Flux
 * `spec.patches` or `commonMetadata`, an Application's `kustomize.patches`) is a change of the target all the same, so
 * the files a failing target names as "changed here" (failed-targets.ts `changedFiles`) name that file too. The file
 * is not one of the target's paths (`targetPaths`): the parent applies it, so it is never taken back to base with them.
 * A suspended target's notice names it alike (suspended-targets.ts).
 */
import { isDeepStrictEqual } from 'node:util';
import { documentValueAt } from '../manifests/yaml-documents.js';
import type { Sides } from './failed-targets.js';
import { controllerIdentity, wholeBuildController } from './target-controller.js';
import type { TargetSpec } from './types.js';

/**
 * `[file]` of `t`'s controller object when `changed` holds that file and the object's document there differs from
 * base's of the same kind, namespace and name (wherever base has it; a controller base lacks differs), read as
 * kubectl reads the file; `[]` otherwise (no controller built whole, another document of the file edited, only
 * comments or spacing edited). `counted`: the part of each side's document compared (suspended-targets.ts leaves out
 * the setting that suspends it); the whole document by default.
 */
export function ownControllerFile(t: TargetSpec, baseSpecs: readonly TargetSpec[], sides: Sides, changed: ReadonlySet<string>, counted: (document: unknown) => unknown = (d) => d): string[] {
  const c = wholeBuildController(t);
  if (c === undefined || !changed.has(c.ref.file)) return [];
  const was = baseSpecs.map(wholeBuildController).find((b) => b !== undefined && controllerIdentity(b) === controllerIdentity(c));
  const head = counted(documentValueAt(sides.head.files.text(c.ref.file), c.ref.line));
  const base = was === undefined ? undefined : counted(documentValueAt(sides.base.files.text(was.ref.file), was.ref.line));
  return base !== undefined && isDeepStrictEqual(head, base) ? [] : [c.ref.file];
}
