/** One line of prose per reason, e.g. `allowed by default/web ingress rule 1 (k8s/web.yaml:14)`. */
import type { Reason, SourceRef } from '../engine/index.js';

export type RefFormatter = (ref: SourceRef, side: 'base' | 'head') => string;

export const plainRef: RefFormatter = (ref, side) => `${side === 'base' ? 'base:' : ''}${ref.file}:${ref.line}`;

export function reasonText(r: Reason, fmt: RefFormatter = plainRef): string {
  switch (r.kind) {
    case 'allowed-by-rule':
      return `${r.side === 'head' ? 'allowed' : 'was allowed'} by ${r.policy} ${r.direction} rule ${r.rule + 1} (${fmt(r.ref, r.side)})`;
    case 'not-isolated':
      return `${r.side === 'head' ? '' : 'in base, '}no policy isolates ${r.workload} for ${r.direction}`;
    case 'isolated-by':
      return r.side === 'head'
        ? `${r.policy} isolates ${r.direction} without allowing it (${fmt(r.ref, r.side)})`
        : `in base, ${r.policy} isolated ${r.direction} without allowing it (${fmt(r.ref, r.side)})`;
    case 'workload-added':
      return `workload ${r.workload} is new (${fmt(r.ref, 'head')})`;
    case 'workload-removed':
      return `workload ${r.workload} was removed (${fmt(r.ref, 'base')})`;
    case 'ingress-backend':
      return `exposed through Ingress ${r.ingress} (${fmt(r.ref, r.side)})`;
  }
}

/** The head line most responsible for a change, if the reasons name one. */
export function primaryRef(reasons: readonly Reason[]): { ref: SourceRef; side: 'base' | 'head' } | undefined {
  for (const kind of ['allowed-by-rule', 'isolated-by', 'workload-added', 'ingress-backend'] as const) {
    const r = reasons.find((x) => x.kind === kind && (!('side' in x) || x.side === 'head'));
    if (r && 'ref' in r) return { ref: r.ref, side: 'head' };
  }
  const any = reasons.find((x) => 'ref' in x);
  if (any && 'ref' in any) return { ref: any.ref, side: 'side' in any ? any.side : 'base' };
  return undefined;
}
