/**
 * What Flux's source-controller leaves out of the artifact a GitRepository makes of this repository, which is
 * all a Flux Kustomization of that source builds from: a file left out is in no build of it (a folder's
 * generated kustomization does not list it; a kustomization naming it fails, as Flux's build does).
 *
 * Semantics (source-controller's GitRepository reconciler and artifact storage, fluxcd/pkg `sourceignore`;
 * GitRepository API docs, "Excluding files" and "Default exclusions"):
 * - the patterns of every `.sourceignore` file of the repository, each scoped to its own folder, the root's
 *   first and then each folder's in a depth-first walk by name (`.git` skipped), then `spec.ignore`'s,
 *   scoped to the root; blank lines and lines starting with `#` are no patterns;
 * - with none of these, the default exclusions (Git files, image and archive extensions, CI configurations,
 *   `.goreleaser.yml`, `.sops.yaml`, `.flux.yaml`); with any, only the Git files' and theirs ("spec.ignore
 *   overrides the default exclusion list");
 * - each file of the checkout is matched alone, by its whole path (folders are not pruned): the last pattern
 *   that matches it decides, `!` keeping it. Patterns are go-git's gitignore patterns, not Git's own: one
 *   without a `/` matches any part of the path (`deploy` leaves out `apps/deploy/np.yaml`), one with a `/` is
 *   anchored at its folder and matches a leading part of the path (`/deploy` leaves out everything below
 *   `deploy/`), `**` stands for any folders, a trailing `/` matches folders only; each part is a Go
 *   `filepath.Match` pattern (`*`, `?`, `[a-z]`, `[^a]` — `[!a]` is no negation —, `\` escapes); a malformed
 *   one matches nothing. So `!deploy/keep.yaml` after `deploy/` keeps that file, where Git would not.
 *
 * An OCIRepository's artifact (the layer it extracts, `spec.layerSelector.operation` `extract`, the default) is
 * archived by the same rules in the tree the layer holds: its `.sourceignore` files, its `spec.ignore` (which
 * "overrides the default exclusion list"), the defaults without either (OCIRepository API docs, "Ignore",
 * "Excluding files", "Default exclusions"). That tree is a folder of this repository (`root`, flux-builds.ts
 * `fluxPathRoot`): patterns anchored at the root are anchored there, and a `.sourceignore` above it is no file
 * of the artifact. A layer copied as is (`operation: copy`) is archived unaltered: no rule (flux.ts `fluxArtifact`).
 *
 * The npm `ignore` package implements Git's rules (a file below an excluded folder cannot be kept; `[!a]`
 * negates), which is why it is not used. Pure.
 */
import type { ManifestFile } from '../manifests/load.js';
import type { SourceRef } from '../engine/model.js';
import { RepoFiles } from './repo-files.js';
import { isSourceIgnorePath } from '../manifests/load.js';
import { dirOf, inFolder } from '../util/repo-paths.js';
import { textLines } from '../util/line-ends.js';

/**
 * The artifact a GitRepository makes of this repository, or an OCIRepository of a folder of it (an artifact
 * pushed from `kubernetes/`), as a build of it reads it: `kind` the source's kind, `source` the source
 * (`namespace/name`), `root` the repository folder that is the artifact's root (absent: the repository's root,
 * always a GitRepository's), `ignore` its `spec.ignore` (absent: it sets none, or is not defined here),
 * `ignoreRef` the line of its `ignore:` key, `kustomization` the Flux Kustomization building from it (its name).
 */
export interface FluxArtifact {
  readonly kind: 'GitRepository' | 'OCIRepository';
  readonly source: string;
  readonly root?: string;
  readonly ignore?: string;
  readonly ignoreRef?: SourceRef;
  readonly kustomization: string;
}

/** What decides which files an artifact leaves out: its source's `spec.ignore` and its root (FluxArtifact). */
export type ArtifactRules = Pick<FluxArtifact, 'ignore' | 'root'>;

const EXCLUDE_VCS = ['.git/', '.gitignore', '.gitmodules', '.gitattributes'];
const EXCLUDE_DEFAULT = [
  '*.jpg', '*.jpeg', '*.gif', '*.png', '*.wmv', '*.flv', '*.tar.gz', '*.zip',
  '.github/', '.circleci/', '.travis.yml', '.gitlab-ci.yml', 'appveyor.yml', '.drone.yml', 'cloudbuild.yaml', 'codeship-services.yml', 'codeship-steps.yml',
  '**/.goreleaser.yml', '**/.sops.yaml', '**/.flux.yaml',
];

interface IgnorePattern {
  /** The folder's path parts it is scoped to (`[]`: the root). */
  readonly domain: readonly string[];
  /** Its `/`-separated parts, each a Go `filepath.Match` pattern (undefined: malformed, matches nothing). */
  readonly parts: readonly (PartTest | '**' | '' | undefined)[];
  readonly inclusion: boolean;
  readonly dirOnly: boolean;
  /** It holds a `/`: anchored at its folder. */
  readonly anchored: boolean;
  /** Where it is written: a `.sourceignore` file's line; absent for `spec.ignore`'s and the defaults. */
  readonly ref?: SourceRef;
  /** As written. */
  readonly text: string;
  /** Its line within the text it was read from (1 the first), for a `spec.ignore` pattern's line in the GitRepository. */
  readonly valueLine?: number;
}

/** One pattern line as go-git parses it (the caller has left out comments and blank lines). */
export function parsePattern(line: string, domain: readonly string[], ref?: SourceRef, valueLine?: number): IgnorePattern {
  let p = line;
  const inclusion = p.startsWith('!');
  if (inclusion) p = p.slice(1);
  if (!p.endsWith('\\ ')) p = p.replace(/ +$/, '');
  const dirOnly = p.endsWith('/');
  if (dirOnly) p = p.slice(0, -1);
  const anchored = p.includes('/');
  const parts = p.split('/').map((part) => (part === '' ? '' : part === '**' ? '**' : part.includes('**') && anchored ? undefined : partTest(part)));
  return { domain, parts, inclusion, dirOnly, anchored, text: line, ...(ref ? { ref } : {}), ...(valueLine !== undefined ? { valueLine } : {}) };
}

/** The patterns of a `.sourceignore` text or `spec.ignore` value: one a line, but blank lines and `#` comments. */
export function readPatterns(text: string, domain: readonly string[], file?: string): IgnorePattern[] {
  return text
    .split('\n')
    .map((l, i) => [l.replace(/\r$/, ''), i + 1] as const)
    .filter(([l]) => !l.startsWith('#') && l.trim() !== '')
    .map(([l, line]) => parsePattern(l, domain, file !== undefined ? { file, line } : undefined, line));
}

/** How a pattern judges a file's path parts: undefined when it does not match. */
function judge(p: IgnorePattern, path: readonly string[]): 'exclude' | 'include' | undefined {
  if (path.length <= p.domain.length) return undefined;
  for (let i = 0; i < p.domain.length; i++) if (path[i] !== p.domain[i]) return undefined;
  const rest = p.domain.length ? path.slice(p.domain.length) : path;
  const matched = p.anchored ? anchoredMatch(p, rest) : nameMatch(p, rest);
  return matched ? (p.inclusion ? 'include' : 'exclude') : undefined;
}

/** A pattern without `/`: any part of the path (a file's own name only when it is not for folders). */
function nameMatch(p: IgnorePattern, path: readonly string[]): boolean {
  const test = p.parts[0];
  if (typeof test !== 'object') return false;
  const last = path.length - 1;
  for (let i = 0; i < last; i++) if (test.test(path[i])) return true;
  return !p.dirOnly && test.test(path[last]);
}

/** A pattern with `/`: its parts against the leading parts of the path, `**` any number of folders (go-git's globMatch). */
function anchoredMatch(p: IgnorePattern, whole: readonly string[]): boolean {
  let path = whole;
  let matched = false;
  let traverse = false;
  for (let i = 0; i < p.parts.length; i++) {
    const part = p.parts[i];
    if (part === '') {
      traverse = false;
      continue;
    }
    if (part === '**') {
      if (i === p.parts.length - 1) break;
      traverse = true;
      continue;
    }
    if (part === undefined || path.length === 0) return false;
    if (traverse) {
      traverse = false;
      while (path.length > 0) {
        const e = path[0];
        path = path.slice(1);
        if (part.test(e)) {
          matched = true;
          break;
        } else if (path.length === 0) matched = false;
      }
    } else {
      if (!part.test(path[0])) return false;
      matched = true;
      path = path.slice(1);
    }
  }
  // Files only are matched here: a pattern for folders matches a file below one, never the file itself.
  return matched && !(p.dirOnly && path.length === 0);
}

/** A test of one path part against one pattern part. */
interface PartTest {
  test(part: string): boolean;
}

/** `goPattern`, with a plain comparison for a name without wildcards and `endsWith` for `*` and such a suffix (the default exclusions). */
function partTest(pattern: string): PartTest | undefined {
  if (!/[*?[\\]/.test(pattern)) return { test: (s) => s === pattern };
  const rest = pattern.slice(1);
  if (pattern.startsWith('*') && !/[*?[\\]/.test(rest)) return { test: (s) => s.endsWith(rest) };
  return goPattern(pattern);
}

/**
 * The RegExp of one Go `filepath.Match` pattern over a path part, or undefined when Go finds it malformed
 * (an unclosed or empty class, a range out of order, a trailing `\`): `*` any characters, `?` one, `[…]` a
 * class (`^` negates; `\` escapes), `\c` the character c.
 */
export function goPattern(pattern: string): RegExp | undefined {
  const chars = [...pattern];
  let out = '';
  const code = (c: string) => (/^[A-Za-z0-9_]$/.test(c) ? c : `\\u{${c.codePointAt(0)!.toString(16)}}`);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '\\') {
      if (i + 1 >= chars.length) return undefined;
      out += code(chars[++i]);
    } else if (c === '[') {
      let j = i + 1;
      let negated = false;
      if (chars[j] === '^') (negated = true), j++;
      const ranges: string[] = [];
      /** One class character (`\` escaping the next), or undefined when malformed. */
      const one = (): string | undefined => {
        const ch = chars[j];
        if (ch === undefined || ch === '-' || ch === ']') return undefined;
        if (ch === '\\') {
          j++;
          if (chars[j] === undefined) return undefined;
        }
        return chars[j++];
      };
      for (;;) {
        if (chars[j] === ']' && ranges.length > 0) break;
        const lo = one();
        if (lo === undefined) return undefined;
        let hi = lo;
        if (chars[j] === '-') {
          j++;
          const h = one();
          if (h === undefined || h.codePointAt(0)! < lo.codePointAt(0)!) return undefined;
          hi = h;
        }
        ranges.push(lo === hi ? code(lo) : `${code(lo)}-${code(hi)}`);
      }
      out += `[${negated ? '^' : ''}${ranges.join('')}]`;
      i = j;
    } else out += code(c);
  }
  return new RegExp(`^${out}$`, 'su');
}

/**
 * Whether source-controller leaves a repository path out of the artifact, for the `.sourceignore` files of
 * `files` in the artifact's root and its source's `spec.ignore` (`rules`).
 */
export function artifactExclusion(files: RepoFiles, rules: ArtifactRules): (path: string) => boolean {
  const rule = artifactRule(files, rules);
  return (path) => rule(path) !== undefined;
}

/**
 * The rule that leaves a repository path out of the artifact (`artifactExclusion`), or undefined when it is kept:
 * the pattern as written, where (a `.sourceignore` line; none for `spec.ignore`'s), and whether it is a default.
 */
export function artifactRule(files: RepoFiles, rules: ArtifactRules): (path: string) => ExcludingRule | undefined {
  let byIgnore = matchers.get(files);
  if (!byIgnore) matchers.set(files, (byIgnore = new Map()));
  const key = rulesKey(rules);
  let rule = byIgnore.get(key);
  if (!rule) byIgnore.set(key, (rule = matcher(files, rules)));
  return rule;
}

/** One key per root and `spec.ignore` (none set differs from an empty one). */
function rulesKey(rules: ArtifactRules): string {
  return `${rules.root ?? ''}\u0001${rules.ignore ?? '\u0000'}`;
}

/**
 * A pattern that leaves a file out: as written, its `.sourceignore` line (absent: `spec.ignore`'s or a default),
 * `from` which; a `spec.ignore` pattern's line within that value (`valueLine`, 1 the first: `ruleRef` finds it in
 * the GitRepository).
 */
export interface ExcludingRule {
  readonly pattern: string;
  readonly ref?: SourceRef;
  readonly from: 'sourceignore' | 'spec.ignore' | 'default';
  readonly valueLine?: number;
}

const matchers = new WeakMap<RepoFiles, Map<string, (path: string) => ExcludingRule | undefined>>();

/**
 * The artifact's rules, scoped as source-controller scopes them in the tree it archives, whose root is `rules.root`
 * here: the `.sourceignore` files inside that root (each for its own folder; one above it is no file of the
 * artifact), `spec.ignore`'s and the defaults at the root.
 */
function matcher(files: RepoFiles, { ignore, root = '' }: ArtifactRules): (path: string) => ExcludingRule | undefined {
  const domain = root === '' ? [] : root.split('/');
  const own = [...files.byPath.values()]
    .filter((f) => isSourceIgnorePath(f.path) && !dirOf(f.path).split('/').includes('.git') && (root === '' || inFolder(f.path, root)))
    .sort((a, b) => walkOrder(dirOf(a.path), dirOf(b.path)))
    .flatMap((f) => readPatterns(f.text, dirOf(f.path) === '' ? [] : dirOf(f.path).split('/'), f.path));
  const fromSpec = ignore !== undefined ? readPatterns(ignore, domain) : [];
  const given = [...own, ...fromSpec];
  const defaults = [...EXCLUDE_VCS, ...(given.length ? [] : EXCLUDE_DEFAULT)].map((p) => parsePattern(p, domain));
  const patterns = [...defaults, ...given];
  const specFrom = defaults.length + own.length;
  return (path) => {
    const parts = path.split('/');
    for (let i = patterns.length - 1; i >= 0; i--) {
      const verdict = judge(patterns[i], parts);
      if (verdict === 'include') return undefined;
      if (verdict !== 'exclude') continue;
      const p = patterns[i];
      const from = i < defaults.length ? 'default' : i >= specFrom ? 'spec.ignore' : 'sourceignore';
      return { pattern: p.text, ...(p.ref ? { ref: p.ref } : {}), from, ...(from === 'spec.ignore' && p.valueLine !== undefined ? { valueLine: p.valueLine } : {}) };
    }
    return undefined;
  };
}

/** Folders in the order of a depth-first walk reading each folder's entries by name (Go's `os.ReadDir`: bytes). */
function walkOrder(a: string, b: string): number {
  const pa = a === '' ? [] : a.split('/');
  const pb = b === '' ? [] : b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const c = Buffer.compare(Buffer.from(pa[i]), Buffer.from(pb[i]));
    if (c !== 0) return c;
  }
  return pa.length - pb.length;
}

/** A side's files as one source's artifact holds them: the very `files` when it leaves none out. */
export function artifactFiles(files: RepoFiles, rules: ArtifactRules): RepoFiles {
  let byIgnore = artifacts.get(files);
  if (!byIgnore) artifacts.set(files, (byIgnore = new Map()));
  const key = rulesKey(rules);
  let found = byIgnore.get(key);
  if (!found) {
    const excluded = artifactExclusion(files, rules);
    const kept: ManifestFile[] = files.files.filter((f) => !excluded(f.path));
    byIgnore.set(key, (found = kept.length === files.files.length ? files : new RepoFiles(kept)));
  }
  return found;
}

const artifacts = new WeakMap<RepoFiles, Map<string, RepoFiles>>();

/**
 * Where `rule` is written: its `.sourceignore` line; a `spec.ignore` pattern's line in the GitRepository (a block
 * scalar's line `valueLine` below the `ignore:` key, `artifact.ignoreRef`; the key's own line when the value is
 * written otherwise); none for a default exclusion or an `ignore:` whose line is unknown.
 */
export function ruleRef(rule: ExcludingRule, artifact: Pick<FluxArtifact, 'ignoreRef'>, files: RepoFiles): SourceRef | undefined {
  if (rule.ref) return rule.ref;
  const at = artifact.ignoreRef;
  if (rule.from !== 'spec.ignore' || !at) return undefined;
  const line = at.line + (rule.valueLine ?? 0);
  return textLines(files.text(at.file) ?? '')[line - 1]?.trim() === rule.pattern.trim() ? { file: at.file, line } : at;
}

/**
 * `rule` in words with its place: "the pattern `*-draft.yaml` (.sourceignore:3)", "the pattern `/apps/off/` of its
 * spec.ignore (clusters/prod/sync.yaml:12)", "source-controller's default exclusion `*.png`". Patterns in
 * backticks: Markdown must not read their `*` as emphasis.
 */
export function ruleWords(rule: ExcludingRule, artifact: Pick<FluxArtifact, 'ignoreRef'>, files: RepoFiles): string {
  const ref = ruleRef(rule, artifact, files);
  const at = ref ? ` (${ref.file}:${ref.line})` : '';
  if (rule.from === 'default') return `source-controller's default exclusion \`${rule.pattern}\``;
  return `the pattern \`${rule.pattern}\`${rule.from === 'spec.ignore' ? ' of its spec.ignore' : ''}${at}`;
}

/**
 * Why the artifact leaves out a path of `files` (the whole side), in words for a build that does not find it
 * ("GitRepository flux-system/flux-system leaves it out of the artifact by the pattern `*-draft.yaml`
 * (.sourceignore:3)"; a folder: every file below it, the first's rule named); undefined when the side has no
 * such file or folder, or the artifact keeps it (the build misses it for another reason).
 */
export function leftOutWords(files: RepoFiles, artifact: FluxArtifact): (path: string) => string | undefined {
  const rule = artifactRule(files, artifact);
  const by = `${artifact.kind} ${artifact.source} leaves`;
  return (path) => {
    if (files.byPath.has(path)) {
      const r = rule(path);
      return r && `${by} it out of the artifact by ${ruleWords(r, artifact, files)}`;
    }
    const below = files.isFolder(path) ? files.under(path) : [];
    if (below.length === 0 || below.some((f) => rule(f.path) === undefined)) return undefined;
    return `${by} out every file below it (${below[0].path} by ${ruleWords(rule(below[0].path)!, artifact, files)})`;
  };
}
