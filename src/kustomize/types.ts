/**
 * The renderer's public shapes. A render is a pure function of a file set (repository-relative paths
 * with `/` separators → text) and a kustomization folder in it; it never throws on user input.
 */
import type { SourceRef } from '../engine/model.js';
import type { Diagnostic } from '../manifests/diagnostics.js';

export type Json = Record<string, unknown>;

/**
 * Where each mapping and sequence of a rendered object was written: the resource file, or the patch that
 * last changed it. `get(node)` → `{file, line}` or undefined; a `WeakMap<object, SourceRef>` has this shape.
 */
export interface Positions {
  get(node: object): SourceRef | undefined;
  set(node: object, ref: SourceRef): unknown;
  has(node: object): boolean;
}

const POSITION = Symbol('kustomize source position');

/**
 * Positions kept on the nodes themselves, under a non-enumerable symbol (invisible to JSON, spread,
 * `Object.keys`, `for…in` and deep equality):
 * cheaper than a WeakMap for the hundreds of thousands of nodes a repository's renders copy, and the
 * garbage collector has no ephemeron table to walk.
 */
export class NodePositions implements Positions {
  get(node: object): SourceRef | undefined {
    return (node as { [POSITION]?: SourceRef })[POSITION];
  }

  set(node: object, ref: SourceRef): this {
    // Not enumerable: spread, deep equality and JSON never see it; a second set only changes the value.
    if (Object.hasOwn(node, POSITION)) (node as { [POSITION]?: SourceRef })[POSITION] = ref;
    else Object.defineProperty(node, POSITION, { value: ref, writable: true, enumerable: false, configurable: true });
    return this;
  }

  has(node: object): boolean {
    return (node as { [POSITION]?: SourceRef })[POSITION] !== undefined;
  }
}

/** One object `kustomize build` would emit. */
export interface RenderedObject {
  /** The object as rendered (plain JSON values; mappings and sequences have an entry in `positions`). */
  readonly value: Json;
  /** The document that defined it (a generator's entry, for generated objects). */
  readonly ref: SourceRef;
  /** Made by `configMapGenerator`/`secretGenerator` (its name carries a content hash that we do not compute exactly). */
  readonly generated: boolean;
  /**
   * Lines of kustomization fields that changed it without a position on its nodes: the `namespace:` (Flux
   * `targetNamespace`) that moved it, the `namePrefix`/`nameSuffix` that renamed it, the `resources:` or
   * `components:` entry that added it. Absent: none. With the positions of its nodes (the patches and labels that last set them),
   * what a change cites when it edits those and not the object's own document (analysis/edited-objects.ts).
   */
  readonly edits?: readonly SourceRef[];
}

/**
 * How a kustomization used a file; a file used in any way other than `resource` is never read as objects.
 * `replacement-source`: a resource file whose object a replacement copied a field from (its content then
 * reaches the targets, whatever its kind). `transformer`: a file of transformer configurations
 * (`transformers:`).
 */
/**
 * Kustomize's `--load-restrictor`: `LoadRestrictionsRootOnly` (the default of `kustomize build`, `kubectl
 * kustomize`, `kubectl apply -k` and Argo CD) refuses a file a kustomization names outside its folder;
 * `LoadRestrictionsNone` allows it anywhere in the file set (Flux's kustomize-controller builds so,
 * confined to the source's root, which the file set is).
 */
export type LoadRestrictor = 'LoadRestrictionsRootOnly' | 'LoadRestrictionsNone';

export type FileUse = 'kustomization' | 'resource' | 'patch' | 'replacement' | 'replacement-source' | 'generator' | 'component' | 'configuration' | 'transformer';

export interface RenderResult {
  /** The kustomization folder rendered ('' for the repository root). */
  readonly dir: string;
  /** The kustomization file of that folder. */
  readonly file: string;
  /** False when the build failed: `objects` is then empty and `diagnostics` holds a KUSTOMIZE_BUILD_FAILED error. */
  readonly ok: boolean;
  readonly objects: readonly RenderedObject[];
  readonly positions: Positions;
  /** Build failures (errors), features not rendered (warnings naming what is missing), label and namespace findings. */
  readonly diagnostics: readonly Diagnostic[];
  /** Every file the build read, with how it was used (a file may serve several uses). */
  readonly used: ReadonlyMap<string, ReadonlySet<FileUse>>;
  /** Kustomization folders this one includes (resources, bases, components), transitively. */
  readonly includes: ReadonlySet<string>;
  /**
   * A failed build's questions to its files and their answers (kustomize/file-set.ts `FileReads`): a file
   * set answering each alike fails alike (render-cache.ts). Absent on a build that succeeded.
   */
  readonly reads?: ReadonlyMap<string, string | boolean | undefined>;
  /** Present when built with `LoadRestrictionsNone` (absent: Kustomize's default, `LoadRestrictionsRootOnly`). */
  readonly loadRestrictor?: 'LoadRestrictionsNone';
  /** The Helm charts the build would inflate and does not render (render.ts `chartStandIns`); absent: none. */
  readonly unrenderedCharts?: readonly UnrenderedChart[];
  /** Objects a strategic merge patch's `$patch: delete` took out of the build (apply-patches.ts); absent: none. */
  readonly deleted?: readonly DeletedObject[];
}

/**
 * An object a `$patch: delete` patch document took out of a build: its identity when deleted, the document
 * that defined it (`ref`, as RenderedObject's) and the lines of the deletion: the `$patch: delete` line, the
 * patch document's first line and the kustomization's patch entry (a Flux Kustomization's or Argo CD
 * Application's inline patch is its entry). No rendered object is left to carry them, so a change that adds
 * or removes the deletion is cited at them (analysis/edited-objects.ts), not at the untouched document.
 */
export interface DeletedObject {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly ref: SourceRef;
  readonly edits: readonly SourceRef[];
}

/**
 * A chart of `helmCharts` (or `helmChartInflationGenerator`) a build does not render: `namespace`, the one the
 * build's `namespace:` transformers give its objects, else the release namespace its entry writes, else ''
 * (the target's default); `written`, the entry's release namespace; `ref`, the entry's line.
 */
export interface UnrenderedChart {
  readonly name: string;
  readonly namespace: string;
  readonly written?: string;
  readonly ref: SourceRef;
}

export type { SourceRef, Diagnostic };
