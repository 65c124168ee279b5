/** Renders of kustomization folders over one file set, sharing positions and built resource folders. */
import type { Diagnostic } from '../manifests/diagnostics.js';
import type { BuildContext } from './build-context.js';
import type { FileReads } from './file-set.js';
import { fileSetOf, recordedFiles, showDir } from './file-set.js';
import { KustomizeError } from './nodes.js';
import { buildTop, kustomizationFile } from './render.js';
import { namespaceOf } from './resource.js';
import type { FileUse, LoadRestrictor, Positions, RenderResult, UnrenderedChart } from './types.js';
import { NodePositions } from './types.js';

export interface Renderer {
  /** `loadRestrictor`: Kustomize's `--load-restrictor` (default `LoadRestrictionsRootOnly`, as `kustomize build`). */
  render(dir: string, loadRestrictor?: LoadRestrictor): RenderResult;
}

export function renderWithin(files: ReadonlyMap<string, string>): Renderer {
  const fs = fileSetOf(files);
  const positions: Positions = new NodePositions();
  const memo: BuildContext['memo'] = new Map();
  return {
    render(dir: string, loadRestrictor: LoadRestrictor = 'LoadRestrictionsRootOnly'): RenderResult {
      const reads: FileReads = new Map();
      const ctx: BuildContext = { fs: recordedFiles(fs, reads), reads, positions, diagnostics: [], used: new Map<string, Set<FileUse>>(), includes: new Set(), deleted: [], stack: [], memo, loadRestrictor };
      const how = loadRestrictor === 'LoadRestrictionsNone' ? ({ loadRestrictor } as const) : {};
      const fileRef = { file: ctx.fs.kustomizationFiles(dir)[0] ?? dir, line: 1 };
      try {
        const file = kustomizationFile(ctx, dir, fileRef);
        const resources = buildTop(ctx, dir);
        // A chart's stand-in is no object: its namespace is the result's (render.ts `chartStandIns`).
        const objects = resources.filter((r) => r.chart === undefined).map((r) => ({ value: r.obj, ref: r.ref, generated: r.generated, ...(r.edits ? { edits: r.edits } : {}) }));
        const charts = resources.flatMap((r): UnrenderedChart[] => (r.chart === undefined ? [] : [{ name: r.chart.name, namespace: namespaceOf(r.obj), ...(r.chart.namespace !== undefined ? { written: r.chart.namespace } : {}), ref: r.ref }]));
        return { dir, file, ok: true, objects, positions, diagnostics: unique(ctx.diagnostics), used: ctx.used, includes: ctx.includes, ...how, ...(charts.length > 0 ? { unrenderedCharts: charts } : {}), ...(ctx.deleted.length > 0 ? { deleted: ctx.deleted } : {}) };
      } catch (e) {
        const failure: Diagnostic =
          e instanceof KustomizeError
            ? { severity: 'error', code: 'KUSTOMIZE_BUILD_FAILED', message: `kustomize build ${showDir(dir)} fails: ${e.message}`, ref: e.ref, build: dir }
            : { severity: 'error', code: 'KUSTOMIZE_BUILD_FAILED', message: `kustomize build ${showDir(dir)} fails: internal error: ${(e as Error).message}`, ref: fileRef, build: dir };
        return { dir, file: fileRef.file, ok: false, objects: [], positions, diagnostics: unique([...ctx.diagnostics, failure]), used: ctx.used, includes: ctx.includes, reads, ...how };
      }
    },
  };
}

/** The same finding reached through several overlays is said once. */
export function unique(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}|${d.ref.file}|${d.ref.line}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
