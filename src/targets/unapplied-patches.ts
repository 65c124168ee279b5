/**
 * Changed patches that no build applies because what they patch is not fetched: a strategic merge patch, a
 * `$patch: delete` or a targeted patch whose object only a remote resource (or an uninflated Helm chart, a
 * generator plugin) holds. Kustomize, which has those objects, applies it; our build lacks them and leaves the
 * patch out with a KUSTOMIZE_NOT_RENDERED warning at the patch (kustomize/apply-patches.ts). When the pull
 * request adds, edits or removes such a patch, its change is in no analysis — a `$patch: delete` of the Argo CD
 * install's `argocd-repo-server-network-policy` opens the repo server to every pod — yet the verdict read
 * "No change" and the comment ✅ (kasuboski/k8s-gitops c416efe78, ce444e26a). Each such patch is an
 * `OUTSIDE_TARGETS` notice ("Not analysed: …"), which makes the verdict ⚠️ and the check `neutral`
 * (targets-markdown.ts, targets-check-run.ts), as for any changed input no analysis reads.
 */
import type { DiffReport } from '../analysis/types.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import type { Notice } from './types.js';
import { namedItems } from '../util/and-list.js';

/** Patches named in the notice; the rest are counted. */
const NAMED = 5;

/** One unapplied patch the pull request changes: where it is (on the side that has the change), what it patches, what the build lacks. */
export interface UnappliedPatch {
  readonly diagnostic: Diagnostic;
  readonly side: 'base' | 'head';
  readonly patch: string;
  readonly lacks: string;
}

/**
 * The unapplied patches of `report` (one target's diff) at lines of documents the pull request changes: head's
 * warnings within an added or edited document's head lines, base's within a removed or edited one's base lines.
 */
export function unappliedChangedPatches(report: Pick<DiffReport, 'warnings' | 'changes'>): UnappliedPatch[] {
  const within = (d: Diagnostic, side: 'base' | 'head') =>
    report.changes.some((c) => {
      const doc = side === 'head' ? c.head : c.base;
      return doc !== undefined && doc.file === d.ref.file && doc.startLine <= d.ref.line && d.ref.line <= doc.endLine;
    });
  const out: UnappliedPatch[] = [];
  for (const side of ['head', 'base'] as const) {
    for (const d of report.warnings[side]) {
      // A patch a build left out because the objects it is aimed at are not fetched (Diagnostic `unmatchedEntry`).
      if (d.code === 'KUSTOMIZE_NOT_RENDERED' && d.unmatchedEntry && within(d, side)) out.push({ diagnostic: d, side, patch: d.unmatchedEntry.entry, lacks: d.unmatchedEntry.lacks });
    }
  }
  return out;
}

/** The notice over `patches` (several targets', each place once, head's before base's), undefined when none. */
export function unappliedPatchesNotice(patches: readonly UnappliedPatch[]): Notice | undefined {
  const byPlace = new Map<string, UnappliedPatch>();
  for (const p of patches) {
    const key = `${p.side} ${p.diagnostic.ref.file}:${p.diagnostic.ref.line}`;
    if (!byPlace.has(key)) byPlace.set(key, p);
  }
  // An edited patch warns on both sides: its head version names it.
  const headFiles = new Set(patches.filter((p) => p.side === 'head').map((p) => p.diagnostic.ref.file));
  const list = [...byPlace.values()].filter((p) => p.side === 'head' || !headFiles.has(p.diagnostic.ref.file)).sort((a, b) => (a.side !== b.side ? (a.side === 'head' ? -1 : 1) : a.diagnostic.ref.file < b.diagnostic.ref.file ? -1 : a.diagnostic.ref.file > b.diagnostic.ref.file ? 1 : a.diagnostic.ref.line - b.diagnostic.ref.line));
  if (list.length === 0) return undefined;
  const one = list.length === 1;
  const cut = namedItems(list, NAMED);
  const at = (p: UnappliedPatch) => `${p.side === 'base' ? 'base:' : ''}${p.diagnostic.ref.file}:${p.diagnostic.ref.line}`;
  const named = cut.named.map((p) => `${at(p)} (${p.patch}${p.side === 'base' ? ', removed by this change' : ''})`);
  const more = cut.more > 0 ? ` and ${cut.more} more` : '';
  const lacks = [...new Set(list.map((p) => p.lacks))];
  const first = list[0];
  return {
    code: 'OUTSIDE_TARGETS',
    message: `Not analysed: ${one ? 'a changed patch' : `${list.length} changed patches`} of objects the build does not have (it lacks ${lacks.join(' and ')}), which Kustomize applies to them: ${named.join(', ')}${more}. What ${one ? 'its change allows or denies is' : 'their changes allow or deny is'} in no analysis (a \`$patch: delete\` of a NetworkPolicy opens what it isolated); render the build with --render to have ${one ? 'it' : 'them'} analysed`,
    ref: first.diagnostic.ref,
    ...(first.side === 'base' ? { side: 'base' as const } : {}),
    what: `${one ? 'a changed patch' : `${list.length} changed patches`} of objects the build does not have`,
  };
}
