/**
 * The renderer's public shapes. A render is a pure function of a file set (repository-relative paths
 * with `/` separators → text) and a kustomization folder in it; it never throws on user input.
 */
import type { SourceRef } from '../engine/model.js';
import type { Diagnostic } from '../manifests/diagnostics.js';

export type Json = Record<string, unknown>;

/** Where each mapping and sequence of a rendered object was written: the resource file, or the patch that last changed it. */
export type Positions = WeakMap<object, SourceRef>;

/** One object `kustomize build` would emit. */
export interface RenderedObject {
  /** The object as rendered (plain JSON values; mappings and sequences have an entry in `positions`). */
  readonly value: Json;
  /** The document that defined it (a generator's entry, for generated objects). */
  readonly ref: SourceRef;
  /** Made by `configMapGenerator`/`secretGenerator` (its name carries a content hash that we do not compute exactly). */
  readonly generated: boolean;
}

/** How a kustomization used a file; a file used in any way other than `resource` is never read as objects. */
export type FileUse = 'kustomization' | 'resource' | 'patch' | 'replacement' | 'generator' | 'component' | 'configuration';

export interface RenderResult {
  /** The kustomization folder rendered ('' for the repository root). */
  readonly dir: string;
  /** The kustomization file of that folder. */
  readonly file: string;
  /** False when the build failed: `objects` is then empty and `diagnostics` holds a KUSTOMIZE_BUILD_FAILED error. */
  readonly ok: boolean;
  readonly objects: readonly RenderedObject[];
  readonly positions: Positions;
  /** Build failures (errors), features not rendered (warnings naming what is missing), label findings. */
  readonly diagnostics: readonly Diagnostic[];
  /** Every file the build read, with how it was used (a file may serve several uses). */
  readonly used: ReadonlyMap<string, ReadonlySet<FileUse>>;
  /** Kustomization folders this one includes (resources, bases, components), transitively. */
  readonly includes: ReadonlySet<string>;
}

export type { SourceRef, Diagnostic };
