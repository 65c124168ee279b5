import type { Direction, SourceRef } from './model.js';

export type Side = 'base' | 'head';

/** One fact behind an opened or closed path, with the manifest line responsible. */
export type Reason =
  | { readonly kind: 'allowed-by-rule'; readonly side: Side; readonly direction: Direction; readonly policy: string; readonly rule: number; readonly ref: SourceRef }
  | { readonly kind: 'not-isolated'; readonly side: Side; readonly direction: Direction; readonly workload: string }
  | { readonly kind: 'isolated-by'; readonly side: Side; readonly direction: Direction; readonly policy: string; readonly ref: SourceRef }
  | { readonly kind: 'workload-added' | 'workload-removed'; readonly workload: string; readonly ref: SourceRef }
  | { readonly kind: 'ingress-backend'; readonly side: Side; readonly ingress: string; readonly ref: SourceRef };
