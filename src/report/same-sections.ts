/**
 * Targets whose sections say the same thing. Alternative bundles rendered from one overlay
 * (`manifests/standard.yaml`, `manifests/standard-e2e.yaml`, …) and overlays that deploy the same files
 * report one change once per target, each section the same but for the file it names (real-eval 9, #10:
 * four identical sections of 93 lines). Such targets are shown once: the first section, and the others
 * named with the files they hold in place of the first one's.
 *
 * Two sections are alike when their texts are equal once every manifest path in them is replaced by its
 * rank of first appearance (`a.yaml:3 … b.yaml:9 … a.yaml:4` reads `#1:3 … #2:9 … #1:4`): the same
 * lines, words and numbers, in files that correspond one to one.
 */
import type { TargetResult } from '../targets/analyze-targets.js';
import { plural } from '../util/plural.js';
import { comparedClause } from './counterpart-notes.js';
import { diffText } from './diff-text.js';
import { andList, namedItems } from '../util/and-list.js';

/** A manifest path as reports print it (before `:LINE`, in patches after `a/` or `b/`). */
const MANIFEST_PATH = /[\w.@~+-]+(?:\/[\w.@~+-]+)*\.(?:ya?ml|json)\b/g;

/** A target shown by another's section: its files in place of the other's, in their order of first appearance. */
export interface AlikeTarget {
  readonly target: TargetResult;
  /** `[path in the shown section, path in this target]` for each file that differs (none: the very same text). */
  readonly renamed: readonly (readonly [string, string])[];
}

/** A target whose section is shown, and the targets whose sections would say the same. */
export interface SectionGroup {
  readonly target: TargetResult;
  readonly alike: readonly AlikeTarget[];
}

/**
 * `targets` (in order) grouped by alike sections: each group in the place of its first target; a target
 * alone is a group without `alike`. Sections are compared as `diffText` renders them (warnings omitted:
 * the report gives those once for all targets); targets whose counts differ are never rendered for it.
 */
export function sameSections(targets: readonly TargetResult[]): SectionGroup[] {
  const groups: { target: TargetResult; alike: AlikeTarget[]; shape: string; files: readonly string[] }[] = [];
  const byCounts = new Map<string, TargetResult[]>();
  for (const t of targets) {
    const key = countsKey(t);
    byCounts.set(key, [...(byCounts.get(key) ?? []), t]);
  }
  // Only targets that share their counts with another can be alike: the others are not rendered here.
  const sharing = new Set([...byCounts.values()].filter((same) => same.length > 1).flat());
  for (const t of targets) {
    const own = sharing.has(t) ? shapeOf(t) : undefined;
    const match = own && groups.find((g) => g.shape === own.shape && countsKey(g.target) === countsKey(t));
    if (match && own) match.alike.push({ target: t, renamed: match.files.flatMap((f, i) => (f === own.files[i] ? [] : [[f, own.files[i]] as const])) });
    else groups.push({ target: t, alike: [], shape: own?.shape ?? '', files: own?.files ?? [] });
  }
  return groups.map(({ target, alike }) => ({ target, alike }));
}

/** Shapes of the sections rendered so far (the headline and the sections ask for the same targets). */
const shapes = new WeakMap<TargetResult, { shape: string; files: readonly string[] }>();

function shapeOf(t: TargetResult): { shape: string; files: readonly string[] } {
  let found = shapes.get(t);
  if (!found) shapes.set(t, (found = sectionShape(diffText(t.report, { omitWarnings: true }))));
  return found;
}

/** The text with each manifest path replaced by its rank of first appearance, and those paths in that order. */
export function sectionShape(text: string): { shape: string; files: readonly string[] } {
  const rank = new Map<string, number>();
  const shape = text.replace(MANIFEST_PATH, (match: string, offset: number) => {
    // A patch's header names the file as `a/PATH` and `b/PATH`: the same file as PATH elsewhere.
    const line = text.slice(text.lastIndexOf('\n', offset) + 1, offset);
    const patched = /^(?:diff --git |--- |\+\+\+ )/.test(line) && /^[ab]\//.test(match);
    const path = patched ? match.slice(2) : match;
    let r = rank.get(path);
    if (r === undefined) rank.set(path, (r = rank.size + 1));
    return `${patched ? match.slice(0, 2) : ''}\u0000${r}\u0000`;
  });
  return { shape, files: [...rank.keys()] };
}

/**
 * What a reader is told of the targets a section stands for, e.g. `The same changes in b.yaml and c.yaml,
 * each at the same lines of its own file in place of a.yaml`, or `… in staging and prod, at the same lines
 * of the same files`; otherwise each target with its files (`prod (prod/np.yaml for dev/np.yaml)`).
 */
export function alikeText(alike: readonly AlikeTarget[]): string {
  const names = alike.map((a) => a.target.name);
  if (alike.every((a) => a.renamed.length === 0)) return `The same changes in ${andList(names)}, at the same lines of the same files`;
  // Bundles named after their one file: which file they stand in for is all there is to say.
  const ownFile = alike.every((a) => a.renamed.length === 1 && a.renamed[0][1] === a.target.name && a.renamed[0][0] === alike[0].renamed[0][0]);
  if (ownFile) return `The same changes in ${andList(names)}, each at the same lines of its own file in place of ${alike[0].renamed[0][0]}`;
  return `The same changes, at the same lines, in ${andList(alike.map((a) => `${a.target.name} (${a.renamed.length ? renameText(a.renamed) : 'the same files'})`))}`;
}

/** Files named in a target's clause before it says "and N more". */
const NAMED_RENAMES = 3;

function renameText(renamed: AlikeTarget['renamed']): string {
  const shown = namedItems(renamed, NAMED_RENAMES).named.map(([from, to]) => `${to} for ${from}`);
  const more = renamed.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` and ${plural(more, 'more file')}` : ''}`;
}


/**
 * A target as headlines and section titles name it: `env/azure (removed by this change)` for a model only
 * base has, `config/new (new in this change)` for one only head has (real-eval 10, G9: a removed overlay
 * read as "168 paths closed" without saying it was gone); with the target it was compared with, when one
 * deploys the same workloads (`config/new (new in this change, compared with config/old, which deploys the
 * same workloads)`, report/counterpart-notes.ts); `web (new: its parent workloads fails to build on base,
 * workloads/kustomization.yaml:1)` for one new only because the build listing it fails on base; with the
 * folders above a bundle sub-folder whose plain manifests it is analysed with
 * (`demos/walkthrough/policies (with demos/walkthrough, new in this change)`, targets/bundle-parents.ts).
 */
export function targetLabel(t: Pick<TargetResult, 'name' | 'lifecycle' | 'comparedWith' | 'parentFailedOnBase'> & Partial<Pick<TargetResult, 'members'>>): string {
  const compared = comparedClause(t);
  const with_ = compared ? `, ${compared}` : '';
  // New only because the build listing it fails on base (targets/parent-failed-on-base.ts): the cause, at its line.
  const parent = t.parentFailedOnBase;
  const added = parent ? `new: its parent ${parent.target} fails to build on base, ${parent.error.ref.file}:${parent.error.ref.line}` : 'new in this change';
  // A bundle sub-folder analysed with the plain manifests of the folders above it (targets/bundle-parents.ts).
  // Only the bundle's own target: a fold's name (`plain manifests (was …)`) says what it joined instead.
  const above = (t.members ?? []).find((m) => m.name === t.name)?.alternativeTo?.withFolders ?? [];
  const parents = above.length ? `with ${andList(above)}` : '';
  const life = t.lifecycle === 'removed' ? `removed by this change${with_}` : t.lifecycle === 'added' ? `${added}${with_}` : '';
  const said = [parents, life].filter((s) => s !== '');
  return said.length ? `${t.name} (${said.join(', ')})` : t.name;
}

function countsKey(t: TargetResult): string {
  const c = t.report.counts;
  return `${c.opened}/${c.closed}/${c.errors}/${c.notAnalysed ?? 0}/${t.report.findings.length}`;
}
