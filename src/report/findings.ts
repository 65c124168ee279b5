/** Findings as text lines, JSON objects (the contract's shape) and the comment's Markdown section. */
import type { DiffFinding, Finding } from '../findings/types.js';
import { FINDING_RULES } from '../findings/catalogue.js';
import type { SourceRef } from '../engine/model.js';
import { cell } from './list-formats.js';
import { alikeLead, alikeText, findingGroups } from './finding-groups.js';

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
  };
  if ('new' in f) out.new = f.new;
  return out;
}

/** `file:line: severity: message [CODE]` and an indented fix line, as compilers print. */
export function findingText(f: Finding): string {
  return `${f.ref.file}:${f.ref.line}: ${f.severity}: ${f.message} [${f.code}]\n    fix: ${f.fix}`;
}

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
 * file as one item (finding-groups.ts). `rowLimit` counts items. Empty when none.
 */
export function findingsMarkdown(findings: readonly Finding[], rowLimit: number, link?: (ref: SourceRef) => string | undefined): string[] {
  if (findings.length === 0) return [];
  const out = [`#### Findings (${findings.length})`, ''];
  const at = (ref: SourceRef, text = `${ref.file}:${ref.line}`) => {
    const url = link?.(ref);
    return url ? `[${text}](${url})` : `\`${text}\``;
  };
  const groups = findingGroups(findings);
  let shown = 0;
  for (const { first: f, rest } of groups.slice(0, rowLimit)) {
    const alike = rest.length ? `<br>${cell(alikeLead(rest))}: ${rest.map((g) => `${at(g.ref, `:${g.ref.line}`)} ${cell(alikeText(g))}`).join('; ')}` : '';
    out.push(`- ${ICON[f.severity]} **${FINDING_RULES[f.code].title}** (${at(f.ref)}): ${cell(f.message)}${alike}<br>_Fix:_ ${cell(f.fix)}`);
    shown += 1 + rest.length;
  }
  if (findings.length > shown) out.push(`- … and ${findings.length - shown} more (each is annotated on its line in the check run).`);
  out.push('');
  return out;
}
