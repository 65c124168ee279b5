/**
 * CROSS_NAMESPACE_PATH: a path the change opens between workloads of different namespaces, unless the
 * configuration expects that pair (`crossNamespace: [{from: monitoring, to: "*"}]`). Only `diff` has
 * opened paths, so only `diff` reports it; every such finding is new by construction.
 */
import type { PairDiff } from '../engine/diff.js';
import type { Reason } from '../engine/explain.js';
import type { SourceRef } from '../engine/model.js';
import type { NamespacePair } from './config.js';
import { namespaceMatches } from './config.js';
import { finding } from './context.js';
import type { Finding } from './types.js';

export interface OpenedPath {
  readonly pair: PairDiff;
  readonly why: readonly Reason[];
}

export function crossNamespaceFindings(paths: readonly OpenedPath[], allowed: readonly NamespacePair[]): Finding[] {
  const out: Finding[] = [];
  for (const { pair, why } of paths) {
    const { src, dst, opened } = pair;
    if (!opened || src.type !== 'workload' || dst.type !== 'workload') continue;
    const from = src.workload.namespace;
    const to = dst.workload.namespace;
    if (from === to || allowed.some((a) => namespaceMatches(a.from, from) && namespaceMatches(a.to, to))) continue;
    out.push(
      finding('CROSS_NAMESPACE_PATH', {
        message: `The change opens ${src.workload.id} → ${dst.workload.id} (${opened.toText()}), a path from namespace ${from} into ${to}.`,
        ref: responsibleLine(why) ?? dst.workload.ref,
        subject: src.workload.id,
        object: dst.workload.id,
        fix: `If ${from} → ${to} is intended, list it under findings.crossNamespace in .github/reachdiff.yml; otherwise narrow the rule.`,
      }),
    );
  }
  return out;
}

/** The head line that now allows the path (a rule), else the first head line cited. */
function responsibleLine(why: readonly Reason[]): SourceRef | undefined {
  const rule = why.find((r) => r.kind === 'allowed-by-rule' && r.side === 'head');
  if (rule && 'ref' in rule) return rule.ref;
  const any = why.find((r) => 'ref' in r && (!('side' in r) || r.side === 'head'));
  return any && 'ref' in any ? any.ref : undefined;
}
