/** Findings as text lines, JSON objects (the contract's shape) and the comment's Markdown section. */
import type { DiffFinding, Finding } from '../findings/types.js';
import { FINDING_RULES } from '../findings/catalogue.js';
import type { SourceRef } from '../engine/model.js';
import { cell } from './list-formats.js';
import { alikeLead, alikeText, findingGroups, findingsCount } from './finding-groups.js';
import type { SharedFinding } from '../findings/across-targets.js';
import { sharedFindings, sharedKeys } from '../findings/across-targets.js';
import { plural } from '../util/plural.js';
import { andList } from '../util/and-list.js';
import { findingMessageText } from './finding-peer-names.js';

export interface FindingJson {
  code: string;
  severity: string;
  title: string;
  message: string;
  file: string;
  line: number;
  subject: string;
  object: string;
  fix: string;
  /** CROSS_NAMESPACE_PATH: the workloads at each end of its paths (every one; the message bounds its list). */
  sources?: readonly string[];
  assumedPlacement?: readonly string[];
  destinations?: readonly string[];
  new?: boolean;
  /** Over several targets, the targets holding it when more than one does (findings/across-targets.ts). */
  targets?: readonly string[];
  /** The subjects of the same finding the same line makes in other namespaces, told once (findings/same-line-copies.ts). */
  alsoFor?: readonly string[];
}

export function findingJson(f: Finding | DiffFinding): FindingJson {
  const out: FindingJson = {
    code: f.code,
    severity: f.severity,
    title: FINDING_RULES[f.code].title,
    message: f.message,
    file: f.ref.file,
    line: f.ref.line,
    subject: f.subject,
    object: f.object,
    fix: f.fix,
    ...(f.sources ? { sources: f.sources } : {}),
    ...(f.assumedPlacement ? { assumedPlacement: f.assumedPlacement } : {}),
    ...(f.destinations ? { destinations: f.destinations } : {}),
    ...(f.alsoFor ? { alsoFor: f.alsoFor } : {}),
  };
  if ('new' in f) out.new = f.new;
  if ('targets' in f && f.targets) out.targets = f.targets;
  return out;
}

/**
 * `file:line: severity: message [CODE]` and an indented fix line, as compilers print; `name`: how a diff names the
 * pods a message points to (finding-peer-names.ts), given the id and the finding (FindingPeerName).
 */
export function findingText(f: Finding, name?: FindingPeerName): string {
  return `${f.ref.file}:${f.ref.line}: ${f.severity}: ${name ? findingMessageText(f.message, (id) => name(id, f)) : f.message} [${f.code}]\n    fix: ${f.fix}`;
}

/** The name of the pods a finding's message points to by `id` (`(ID in diff)`): a diff's own, or per finding (telling-names.ts `sharedFindingNames`). */
export type FindingPeerName = (id: string, f: Finding) => string;

/**
 * The findings a diff's prose (comment, text, check run) lists: an object the API server rejects
 * already leads the report as an error (and counts under failOn `errors`), so its MANIFEST_REJECTED
 * finding is not listed a second time. JSON, SARIF and `lint` keep every finding.
 */
export function listedFindings<F extends Finding>(findings: readonly F[]): F[] {
  return findings.filter((f) => f.code !== 'MANIFEST_REJECTED');
}

const ICON: Record<Finding['severity'], string> = { error: '❌', warning: '⚠️', notice: 'ℹ️' };

/** The comment's Findings section stays short: the rest are in the check run's annotations and `reachdiff lint`. */
export const COMMENT_FINDINGS = 10;

/**
 * The comment's "Findings" section: the given findings (the caller picks: new ones in a diff), most
 * severe first, each with its file:line (a link when `link` gives one) and fix; findings alike in one
 * file as one item (finding-groups.ts). `rowLimit` counts items; `name`: as findingText. Empty when none.
 */
export function findingsMarkdown(findings: readonly Finding[], rowLimit: number, link?: (ref: SourceRef) => string | undefined, shared?: SharedSection, name?: FindingPeerName): string[] {
  if (findings.length === 0) return [];
  const groups = findingGroups(findings);
  const out = [`#### ${shared?.title ?? 'Findings'} (${findingsCount(groups)})`, ''];
  const at = (ref: SourceRef, text = `${ref.file}:${ref.line}`) => {
    const url = link?.(ref);
    return url ? `[${text}](${url})` : `\`${text}\``;
  };
  let shown = 0;
  for (const { first: f, rest, count } of groups.slice(0, rowLimit)) {
    const alike = rest.length ? `<br>${cell(alikeLead(rest))}: ${rest.map((g) => `${at(g.ref, `:${g.ref.line}`)} ${cell(alikeText(g))}`).join('; ')}` : '';
    const where = shared?.where(f);
    out.push(`- ${ICON[f.severity]} **${FINDING_RULES[f.code].title}** (${at(f.ref)}): ${cell(name ? findingMessageText(f.message, (id) => name(id, f)) : f.message)}${alike}${where ? `<br>_In:_ ${cell(where)}` : ''}<br>_Fix:_ ${cell(f.fix)}`);
    shown += count;
  }
  if (findings.length > shown) out.push(`- … and ${findings.length - shown} more (each is annotated on its line in the check run).`);
  out.push('');
  return out;
}

/** A findings section of the report over several targets for the findings several of them hold (findings/across-targets.ts). */
export interface SharedSection {
  readonly title: string;
  /** Where a finding holds, in words (`holdersText`). */
  readonly where: (f: Finding) => string | undefined;
}

/** The title of that section, in text and Markdown. */
export const SHARED_FINDINGS_TITLE = 'Findings in files several targets build';

/** A target's section leaves out the findings several targets hold: this line says how many, and where they are. */
export function sharedAwayText(n: number, where: 'after' | 'below'): string {
  return `${plural(n, 'finding')} in files other targets build too: listed once ${where} the sections (${SHARED_FINDINGS_TITLE}).`;
}

/** `findings` less those whose `sharedKeys` are in `keys` (told once for every target), and how many that leaves out. */
export function ownFindings<F extends DiffFinding>(findings: readonly F[], keys: ReadonlySet<string> | undefined): { readonly own: readonly F[]; readonly away: number } {
  if (!keys?.size) return { own: findings, away: 0 };
  const ks = sharedKeys(findings);
  const own = findings.filter((_, i) => !keys.has(ks[i]));
  return { own, away: findings.length - own.length };
}

/**
 * The findings several of `targets` hold (their listed ones: new ones only unless the caller kept old ones),
 * each once with where it holds, and their keys for the targets' sections to leave out. A target's own
 * report keeps every finding (its JSON, the headline's counts).
 */
export function targetsSharedFindings(targets: readonly { readonly name: string; readonly report: { readonly findings: readonly DiffFinding[] } }[]): {
  readonly findings: readonly DiffFinding[];
  readonly keys: ReadonlySet<string>;
  readonly where: (f: Finding) => string | undefined;
  /** The names of the targets a finding of `findings` holds in. */
  readonly holders: (f: Finding) => readonly string[];
} {
  const { shared, keys } = sharedFindings(targets.map((t) => ({ name: t.name, findings: listedFindings(t.report.findings) })));
  const at = new Map<Finding, string>(shared.map((s) => [s.finding, holdersText(s)]));
  const by = new Map<Finding, readonly string[]>(shared.map((s) => [s.finding, s.holders.map((h) => h.target)]));
  return { findings: shared.map((s) => s.finding), keys, where: (f) => at.get(f), holders: (f) => by.get(f) ?? [] };
}

/**
 * Where a shared finding holds, in words: `overlays/prod and overlays/staging`, or with each target's subject
 * when they differ: `overlays/prod (shop-prod/pg-from-api) and overlays/staging (shop-staging/pg-from-api)`.
 */
export function holdersText(s: SharedFinding): string {
  const alike = s.holders.every((h) => h.subject === s.holders[0].subject);
  return andList(s.holders.map((h) => (alike ? h.target : `${h.target} (${h.subject})`)));
}
