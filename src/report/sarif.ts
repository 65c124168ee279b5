/**
 * Findings as SARIF 2.1.0, the format GitHub code scanning ingests (`github/codeql-action/upload-sarif`):
 * one run, one rule per finding code (title, help, default level), one result per finding with its
 * physical location in the repository (the copies of one object the API server rejects at one line are one
 * result, copy-warnings.ts). In a diff, `baselineState` says whether base had the finding.
 * Fingerprints use the finding's identity (code, subject, object), so moving a file keeps the alert.
 */
import { createHash } from 'node:crypto';
import { FINDING_CODES, FINDING_RULES } from '../findings/catalogue.js';
import type { DiffFinding, Finding, FindingCode, FindingSeverity } from '../findings/types.js';
import { findingKey } from '../findings/types.js';
import { foldRejectedCopies } from './copy-warnings.js';

export interface SarifOptions {
  readonly toolVersion: string;
  /** The README's URL; each rule's `helpUri` points at its heading there. */
  readonly docsUrl?: string;
}

const LEVEL: Record<FindingSeverity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', notice: 'note' };

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export function sarifLog(findings: readonly (Finding | DiffFinding)[], options: SarifOptions): object {
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'reachdiff', semanticVersion: options.toolVersion, rules: FINDING_CODES.map((c) => rule(c, options.docsUrl)) } },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { REPOROOT: { description: { text: 'The root of the repository the manifests were read from.' } } },
        // The copies of one object rejected at one line: one result naming them (copy-warnings.ts).
        results: foldRejectedCopies(findings).map(result),
      },
    ],
  };
}

export function sarifText(findings: readonly (Finding | DiffFinding)[], options: SarifOptions): string {
  return JSON.stringify(sarifLog(findings, options), null, 2) + '\n';
}

/** GitHub's heading anchor for the README section of a code: lower case, as `#### DNS_EGRESS_MISSING` renders. */
export function readmeAnchor(code: FindingCode): string {
  return code.toLowerCase();
}

function rule(code: FindingCode, docsUrl: string | undefined): object {
  const r = FINDING_RULES[code];
  const where = 'See "Findings" in the reachdiff README.';
  return {
    id: code,
    name: code
      .toLowerCase()
      .split('_')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(''),
    shortDescription: { text: r.title },
    fullDescription: { text: r.help },
    help: { text: `${r.help} ${where}`, markdown: `**${r.title}** — ${r.help}\n\n${where}` },
    ...(docsUrl ? { helpUri: `${docsUrl}#${readmeAnchor(code)}` } : {}),
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: { tags: ['kubernetes', 'network-policy', 'security'] },
  };
}

function result(f: Finding | DiffFinding): object {
  return {
    ruleId: f.code,
    ruleIndex: FINDING_CODES.indexOf(f.code),
    level: LEVEL[f.severity],
    message: { text: `${f.message} Fix: ${f.fix}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(f.ref.file), uriBaseId: 'REPOROOT' }, region: { startLine: f.ref.line } } }],
    partialFingerprints: { 'reachdiffFinding/v1': createHash('sha256').update(findingKey(f)).digest('hex') },
    ...('new' in f ? { baselineState: f.new ? 'new' : 'unchanged' } : {}),
    properties: { subject: f.subject, object: f.object },
  };
}
