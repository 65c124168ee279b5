/**
 * Findings of one commit (`lint`, `list`) and of a pull request (`diff`): each kind in its own file,
 * computed from the engine's results; then the configuration (codes off, severities, ignored paths) and
 * a stable order. In a diff, head's findings are `new` when base did not have them (matched by code,
 * subject and object, never by line, so moving a file makes no old debt new).
 */
import picomatch from 'picomatch';
import type { FindingsConfig } from './config.js';
import type { FindingInput } from './context.js';
import type { OpenedPath } from './cross-namespace.js';
import { ambiguousPriorityFindings } from './ambiguous-priority.js';
import { commonLabelsNarrowingFindings } from './common-labels-narrowing.js';
import { crossNamespaceFindings } from './cross-namespace.js';
import { dnsEgressFindings } from './dns-egress.js';
import { halfOpenEgressFindings, halfOpenIngressFindings } from './half-open.js';
import { manifestRejectedFindings } from './manifest-rejected.js';
import { namespaceOverriddenFindings } from './namespace-overridden.js';
import { peerSelectsNothingFindings } from './peer-selects-nothing.js';
import { permissiveRuleFindings } from './permissive-rule.js';
import { policySelectsNothingFindings } from './policy-selects-nothing.js';
import { rulesIgnoredFindings } from './rules-ignored.js';
import { unknownNamedPortFindings } from './unknown-named-port.js';
import { unprotectedWorkloadFindings } from './unprotected-workload.js';
import type { SourceRef } from '../engine/model.js';
import type { DiffFinding, Finding, FindingCode } from './types.js';
import { compareFindings } from './types.js';
import type { SubjectMeanings } from './restated.js';
import { baseHad } from './restated.js';

export type { FindingInput } from './context.js';
export type { UnchangedFrom } from './unchanged-from.js';
export type { OpenedPath } from './cross-namespace.js';
export * from './types.js';
export * from './config.js';
export { subjectMeaning, type SubjectMeaning, type SubjectMeanings } from './restated.js';
export { FINDING_RULES, FINDING_CODES, type FindingRule } from './catalogue.js';

/** Every kind that a single commit's analysis can show. */
const COMMIT_KINDS: readonly ((input: FindingInput) => Finding[])[] = [
  manifestRejectedFindings,
  dnsEgressFindings,
  permissiveRuleFindings,
  unprotectedWorkloadFindings,
  policySelectsNothingFindings,
  rulesIgnoredFindings,
  peerSelectsNothingFindings,
  unknownNamedPortFindings,
  halfOpenEgressFindings,
  halfOpenIngressFindings,
  ambiguousPriorityFindings,
  commonLabelsNarrowingFindings,
  namespaceOverriddenFindings,
];

/** The findings of one commit, configured and sorted (most severe first). */
export function commitFindings(input: FindingInput): Finding[] {
  const kinds = COMMIT_KINDS.map((kind) => kind(input));
  return configure(withoutInstalled(kinds.flat(), input), input.config);
}

/**
 * Findings less those about policies a controller installs (model.ts `NetworkPolicy.installedBy`: the Flux
 * Operator's copies of the Flux distribution's policies): the repository does not write their rules, so a
 * PERMISSIVE_RULE on Flux's own `namespaceSelector: {}` is nothing a reviewer can fix. Known by the policy's
 * id as subject, or by the installer's line that every one of their rules is cited at.
 */
function withoutInstalled(findings: Finding[], input: FindingInput): Finding[] {
  const installed = input.conn.cluster.policies.filter((p) => p.installedBy !== undefined);
  if (installed.length === 0) return findings;
  const ids = new Set(installed.map((p) => p.id));
  const lines = new Set(installed.flatMap((p) => [p.ref, ...p.ingress.map((r) => r.ref), ...p.egress.map((r) => r.ref)]).map((r) => `${r.file}:${r.line}`));
  return findings.filter((f) => !ids.has(f.subject) && !lines.has(`${f.ref.file}:${f.ref.line}`));
}

/**
 * Codes about a document as written (NAMESPACE_OVERRIDDEN: the namespace it writes is replaced): new in a
 * diff also when base had them but the change adds or edits the document they stand in, which is when a
 * reviewer reads it; a long-standing overlay does not fire on every pull request.
 */
const NEW_WITH_DOCUMENT: ReadonlySet<FindingCode> = new Set<FindingCode>(['NAMESPACE_OVERRIDDEN']);

/**
 * The findings of a pull request: head's, each marked `new` unless base had it (or, for NEW_WITH_DOCUMENT
 * codes, unless `touched` says the change added or edited the document at its head position), plus the
 * cross-namespace paths it opens (always new). Sorted new first, then most severe first. `meanings`: each
 * side's subjects by meaning, so a policy restated in another kind or name keeps its findings old (restated.ts).
 * `changedAt`: the head line of the change at a base position (cross-namespace.ts).
 */
export function diffFindings(base: readonly Finding[], head: readonly Finding[], opened: readonly OpenedPath[], config: FindingsConfig, touched: (ref: SourceRef) => boolean = () => false, meanings?: SubjectMeanings, changedAt?: (ref: SourceRef) => SourceRef | undefined): DiffFinding[] {
  const had = baseHad(base, head, meanings);
  const marked = head.map((f, i) => ({ ...f, new: !had[i] || (NEW_WITH_DOCUMENT.has(f.code) && touched(f.ref)) }));
  const paths = configure(crossNamespaceFindings(opened, config.crossNamespace, changedAt), config).map((f) => ({ ...f, new: true }));
  return [...marked, ...paths].sort((a, b) => Number(b.new) - Number(a.new) || compareFindings(a, b));
}

/** Codes switched off, severities changed, findings on ignored paths left out; then the stable order. */
function configure(findings: readonly Finding[], config: FindingsConfig): Finding[] {
  const off = new Set(config.disable);
  const ignored = config.ignorePaths.length ? picomatch([...config.ignorePaths], { dot: true }) : () => false;
  return findings
    .filter((f) => !off.has(f.code) && !ignored(f.ref.file))
    .map((f) => {
      const severity = config.severity[f.code];
      return severity && severity !== f.severity ? { ...f, severity } : f;
    })
    .sort(compareFindings);
}
export { withoutFindingDiagnostics } from './diagnostic-findings.js';
export { FAIL_LEVELS, failingFindings, type FailLevel } from './fail-level.js';
