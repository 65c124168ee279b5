/**
 * Version constraints as Flux and Helm read them, evaluated with npm's `semver`. Flux's OCIRepository
 * `spec.ref.semver`, a HelmChart's or a HelmRelease chart's `spec.version`, and an Argo CD Helm source's
 * `targetRevision` are Masterminds semver v3 constraints (github.com/Masterminds/semver, `constraints.go`):
 * - alternatives joined by `||`; within one, comparators joined by spaces or commas, all of which must hold;
 * - operators `=` (or none), `!=`, `>`, `>=` (`=>`), `<`, `<=` (`=<`), `~` (`~>`), `^`; a space may follow one;
 * - a version with an optional `v`, whose missing or `x` / `X` / `*` parts are wildcards (`3`, `3.x`, `3.7.*`);
 * - a hyphen range `3.0 - 4.1` (`>= 3.0, <= 4.1`).
 * npm's range syntax is the same but for commas (it joins by spaces), `=>` / `=<` and `!=` (it has neither);
 * the wildcard, tilde and caret forms mean the same versions in both (Masterminds' own table: `~1.2` is
 * `>=1.2.0 <1.3.0`, `^0.2.3` is `>=0.2.3 <0.3.0`, `<=2.x` is `<3`, `>1.2` is `>=1.3`), except `~0.0.0`, which
 * Masterminds reads as any version. `!=V` becomes `<V || >V` (npm's `<` and `>` of a partial version keep its
 * wildcard: `!=1.2` is `<1.2.0 || >=1.3.0`), multiplied out across the alternative's other comparators.
 * Pure.
 */
import semver from 'semver';

/** `!=` comparators in one alternative, at most: each doubles the alternatives npm reads. */
const MAX_EXCLUSIONS = 8;

/** One Masterminds version (group 1: a `v`-less version of up to three parts, with prerelease and build). */
const VERSION = String.raw`v?((?:[0-9]+|[xX*])(?:\.(?:[0-9]+|[xX*])){0,2}(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)`;
const OPERATOR = String.raw`!=|>=|=>|<=|=<|~>|[=<>~^]`;
const HYPHEN = new RegExp(String.raw`^\s*${VERSION}\s+-\s+${VERSION}\s*$`);
/** An alternative: comparators, the first after optional space, each later one after spaces or a comma. */
const ALTERNATIVE = new RegExp(String.raw`^\s*(?:${OPERATOR})?\s*${VERSION}(?:(?:\s+|\s*,\s*)(?:${OPERATOR})?\s*${VERSION})*\s*$`);
const COMPARATOR = new RegExp(String.raw`(${OPERATOR})?\s*${VERSION}`, 'g');

/** Masterminds' operators npm spells otherwise (`~>` npm reads too; spelt `~` for one form). */
const NPM_OPERATOR: Readonly<Record<string, string>> = { '=>': '>=', '=<': '<=', '~>': '~' };

/**
 * The npm range meaning what the Masterminds constraint `text` admits (`^3.0 || >=4.1, <5`, `3.0 - 4.1`), or
 * undefined when `text` is no constraint (`latest`, `main`, an empty text) or writes more than eight `!=` in
 * one alternative.
 */
export function mastermindsRange(text: string): semver.Range | undefined {
  const sets: string[] = [];
  for (const alternative of text.split('||')) {
    const read = npmAlternatives(alternative);
    if (read === undefined) return undefined;
    sets.push(...read);
  }
  try {
    return new semver.Range(sets.join(' || '));
  } catch {
    // A form both grammars accept but npm rejects (none known): unread rather than a crash.
    return undefined;
  }
}

/** One Masterminds alternative as npm comparator sets (more than one only for `!=`); undefined when malformed. */
function npmAlternatives(alternative: string): string[] | undefined {
  const hyphen = HYPHEN.exec(alternative);
  if (hyphen) return [`>=${hyphen[1]} <=${hyphen[2]}`];
  if (!ALTERNATIVE.test(alternative)) return undefined;
  let sets: string[][] = [[]];
  let exclusions = 0;
  for (const m of alternative.matchAll(COMPARATOR)) {
    const [op, version] = [m[1] ?? '', m[2]];
    if (op === '!=') {
      if (++exclusions > MAX_EXCLUSIONS) return undefined;
      sets = sets.flatMap((s) => [[...s, `<${version}`], [...s, `>${version}`]]);
      continue;
    }
    // Masterminds' `~0.0.0` (all three parts written) admits every version.
    const comparator = (op === '~' || op === '~>') && /^0\.0\.0$/.test(version) ? '*' : `${NPM_OPERATOR[op] ?? op}${version}`;
    for (const s of sets) s.push(comparator);
  }
  return sets.map((s) => s.join(' '));
}

/**
 * The lowest and highest major the Masterminds constraint `text` admits: `lowest` undefined when an alternative
 * has no lower bound (`<4.0.0`, `*`), `highest` Infinity without an upper bound (`>=4.0.0`). Undefined when the
 * text is no constraint or admits no version (`>=5.0.0 <4.0.0`). Alternatives admitting nothing are left out.
 * Prereleases count as npm counts them (`<4.0.0` admits no 4.0.0-rc.1).
 */
export function rangeMajors(text: string): { lowest?: number; highest: number } | undefined {
  const range = mastermindsRange(text);
  if (range === undefined) return undefined;
  let lowest: number | undefined = Infinity;
  let highest = -Infinity;
  let any = false;
  for (const set of range.set) {
    const bounds = setMajors(set);
    if (bounds === undefined) continue;
    any = true;
    lowest = lowest === undefined || bounds.lowest === undefined ? undefined : Math.min(lowest, bounds.lowest);
    highest = Math.max(highest, bounds.highest);
  }
  if (!any) return undefined;
  return { ...(lowest !== undefined ? { lowest } : {}), highest };
}

/** One npm comparator set's majors (as `rangeMajors`); undefined when it admits no version. */
function setMajors(set: readonly semver.Comparator[]): { lowest?: number; highest: number } | undefined {
  const min = semver.minVersion(new semver.Range(set.map((c) => c.value).join(' ') || '*'));
  if (min === null) return undefined;
  // npm drops `>=0.0.0`: a set with no `>`, `>=` or exact comparator left has no lower bound.
  const bounded = set.some((c) => c.value !== '' && (c.operator === '>' || c.operator === '>=' || c.operator === '' || c.operator === '='));
  let highest = Infinity;
  for (const c of set) {
    if (c.value === '') continue;
    const v = c.semver;
    // `<4.0.0` (npm's `<4`, `^3` end so: `<4.0.0-0`) admits no 4.x release; `<4.1.0` admits 4.0.x.
    if (c.operator === '<') highest = Math.min(highest, v.minor === 0 && v.patch === 0 ? v.major - 1 : v.major);
    else if (c.operator === '<=' || c.operator === '' || c.operator === '=') highest = Math.min(highest, v.major);
  }
  return { ...(bounded ? { lowest: min.major } : {}), highest };
}

/**
 * Whether every version the Masterminds constraint (or plain version) `text` admits is below `version`
 * (`v1.3.1`, `~1.4.0`, `<1.5` are below 1.5.0; `>=1.3.0` is not: it admits the newest). Undefined when `text`
 * is no constraint (`main`). Prereleases count as versions (`1.5.0-rc.1` is below 1.5.0).
 */
export function admitsOnlyBelow(text: string, version: string): boolean | undefined {
  const range = mastermindsRange(text);
  if (range === undefined) return undefined;
  return semver.subset(range, `<${version}`, { includePrerelease: true });
}
