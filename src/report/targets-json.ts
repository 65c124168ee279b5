/**
 * `reachdiff diff --format json` over targets. The contract's top-level fields describe every target
 * together (pairs of all targets, each with its `target`; warnings once, each marked `preExisting`
 * when it concerns a file the change did not touch and is not new); `targets[]` repeats each target's own report;
 * `targetSelection` and `notices` say how targets were chosen and what was not analysed.
 */
import { sentence } from '../util/sentence.js';
import type { TargetsReport } from '../targets/analyze-targets.js';
import type { ExplainedPair } from '../analysis/types.js';
import type { CoarsePairs } from './coarse-pairs.js';
import { coarseReportPairs, diffJsonObject, groupCounter } from './diff-json.js';
import { jsonChunks } from './json-chunks.js';
import { warningJson } from './warnings.js';
import { notAnalysed, unanalysedNotices } from './targets-markdown.js';

interface JsonReport {
  pairs: object[];
  warnings: { file: string; new?: boolean }[];
  [key: string]: unknown;
}

export function targetsJsonObject(report: TargetsReport): object {
  const targetOf = new Map(report.targets.flatMap((t) => t.report.pairs.map((p) => [p, t.name] as const)));
  // Each target's pairs coarsened once (coarse-pairs.ts: never across targets, each its own cluster), the
  // same objects at the top level and in its `targets[]` entry; region groups numbered over the document.
  const nextGroup = groupCounter();
  const coarseOf = new Map<readonly ExplainedPair[], CoarsePairs>();
  const coarse = (pairs: readonly ExplainedPair[]) => coarseOf.get(pairs) ?? coarseOf.set(pairs, coarseReportPairs(pairs, nextGroup)).get(pairs)!;
  // The combined pairs by target, in the order met; a target's part is its report's pairs.
  const parts = new Map<string | undefined, ExplainedPair[]>();
  for (const p of report.combined.pairs) {
    const name = targetOf.get(p);
    (parts.get(name) ?? parts.set(name, []).get(name)!).push(p);
  }
  const ownPairs = new Map(report.targets.map((t) => [t.name, t.report.pairs] as const));
  const topParts = [...parts].map(([name, list]) => {
    const own = name === undefined ? undefined : ownPairs.get(name);
    const c = coarse(own && own.length === list.length ? own : list);
    return { name, c };
  });
  const topCoarse: CoarsePairs = {
    pairs: topParts.flatMap(({ name, c }) => c.pairs.map((p) => ({ ...p, target: name }))),
    regionGroups: topParts.flatMap(({ name, c }) => c.regionGroups.map((g) => ({ ...g, ...(name === undefined ? {} : { target: name }) }))),
  };
  const top = diffJsonObject(report.combined, topCoarse, nextGroup) as JsonReport;
  // Pre-existing: in a file the change did not touch, and (head's) not new.
  const mark = (w: { file: string; new?: boolean }) => ({ ...w, preExisting: !report.changedFiles.has(w.file) && !w.new });
  // Changed inputs no build analysed (the notices under the verdict that say "Not analysed"): counted beside the
  // paths, so that a JSON reader of `summary` sees what the text and Markdown headlines say (targets-markdown.ts unanalysedInputs).
  const unanalysed = unanalysedNotices(report).length;
  return {
    ...top,
    ...(unanalysed ? { summary: { ...(top.summary as object), notAnalysedInputs: unanalysed } } : {}),
    warnings: top.warnings.map(mark),
    targetSelection: { origin: report.origin, how: report.how },
    targets: report.targets.map((t) => {
      // One target: its report is the combined one, already rendered above (its pairs without `target`).
      const c = coarse(t.report.pairs);
      const mine = { pairs: c.pairs, ...(c.regionGroups.length ? { regionGroups: c.regionGroups } : {}) };
      const { schemaVersion: _v, ...own } = (t.report === report.combined ? { ...top, ...mine } : diffJsonObject(t.report, c, nextGroup)) as JsonReport;
      return {
        name: t.name,
        ...(t.cluster ? { cluster: t.cluster } : {}),
        ...(t.lifecycle ? { lifecycle: t.lifecycle } : {}),
        // The targets of the other side this new or removed one was compared with, instead of an empty cluster (docs/targets.md).
        ...(t.comparedWith ? { comparedWith: { targets: t.comparedWith.names, shared: t.comparedWith.shared, of: t.comparedWith.of, ...(t.comparedWith.lone ? { lone: true } : {}), alone: t.comparedWith.alone } } : {}),
        // New only because the build listing it fails on base: that failure, as a failedOnBase[] entry (docs/targets.md).
        ...(t.parentFailedOnBase ? { parentFailedOnBase: { target: t.parentFailedOnBase.target, ...warningJson(t.parentFailedOnBase.error) } } : {}),
        // withFolders: the folders above a bundle sub-folder whose plain manifests it is analysed with (docs/targets.md).
        members: t.members.map((m) => ({ name: m.name, origin: m.origin, roots: m.roots, ...(m.namespace ? { namespace: m.namespace } : {}), ...(m.alternativeTo?.withFolders ? { withFolders: m.alternativeTo.withFolders } : {}), why: m.why })),
        ...own,
        warnings: own.warnings.map(mark),
      };
    }),
    // A note said under the verdict is a sentence there, in every format (its message has no full stop).
    notices: report.notices.map((n) => ({ code: n.code, message: notAnalysed(n) ? sentence(n.message) : n.message, ...(n.ref ? { file: n.ref.file, line: n.ref.line, ...(n.side ? { side: n.side } : {}) } : {}) })),
  };
}

/** The JSON, pretty-printed as `JSON.stringify(…, null, 2)`, in chunks (a large diff's is longer than a string may be). */
export function targetsJsonChunks(report: TargetsReport): Generator<string> {
  return jsonChunks(targetsJsonObject(report));
}

/** The JSON as one string (tests, the App's artifacts); a diff too large for one string throws: the CLI writes the chunks. */
export function targetsJson(report: TargetsReport): string {
  return [...targetsJsonChunks(report)].join('');
}
