import type { EngineDiagnostic } from '../engine/index.js';
import type { Diagnostic } from '../manifests/diagnostics.js';

export interface WarningJson {
  file: string;
  line: number;
  message: string;
  severity: 'error' | 'warning';
  code: string;
}

/** Loader and engine findings together, in file and line order. */
export function allDiagnostics(loader: readonly Diagnostic[], engine: readonly EngineDiagnostic[]): Diagnostic[] {
  const merged: Diagnostic[] = [...loader, ...engine.map((d) => ({ severity: 'warning' as const, code: d.code, message: d.message, ref: d.ref }))];
  return merged.sort((a, b) => (a.ref.file < b.ref.file ? -1 : a.ref.file > b.ref.file ? 1 : a.ref.line - b.ref.line));
}

export function warningJson(d: Diagnostic): WarningJson {
  return { file: d.ref.file, line: d.ref.line, message: d.message, severity: d.severity, code: d.code };
}
