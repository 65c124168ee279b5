import type { DiffReport } from '../analysis/types.js';
import { listedFindings } from './findings.js';
import { ignoredText } from '../manifests/unmodelled-summary.js';
import { foldClause } from './assumed-fold.js';
import { goneClause, goneRemainder } from './assumed-gone.js';
import { createdClause } from './created-namespaces.js';
import { plural } from '../util/plural.js';
import { openedClause } from './combined-labels-text.js';
import { rejectedClause } from './rejected-by.js';
import { listedErrors } from './listed-errors.js';
import { namedItems } from '../util/and-list.js';
import { elsewherePeers, podAddressFields, podAddressPeers } from './quiet-text.js';
import { suspendedClause } from './suspended-clause.js';


/**
 * The one-line summary every format starts with: errors the pull request brings first (they break the
 * sync), then opened and closed paths; a "no change" resting on a fold's assumption with the other reading
 * (`No change in allowed connectivity if contrib/netpol was deployed on its own, otherwise the change closes 4 paths.`);
 * paths of pods the change probably removes after the rest (`No change in allowed connectivity for the pods that
 * remain; NetworkPolicy sys/a removed together with Service sys/a: its pods are probably gone; if they still run, it opens 4 paths.`).
 */
export function verdict(report: DiffReport, inputs?: string): string {
  const text = verdictClause(report, inputs);
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/**
 * `verdict` as a clause, for a line that names the target before it (`b: no change in allowed connectivity; 1 new finding`): not capitalised, no full stop.
 * `inputs`: what of the change no build analysed (report/targets-markdown.ts `unanalysedInputs`: `values.networkpolicies.db of Flux HelmRelease apps/web
 * (hr.yaml:12)`), which a "no change" says instead of a plain one: `no change found in what was analysed; not analysed: …`.
 */
export function verdictClause(report: DiffReport, inputs?: string): string {
  const { opened, closed, errors, notAnalysed, notAnalysedChanges } = report.counts;
  const paths: string[] = [];
  // Label-combination openings are among them, said so (combined-labels-text.ts).
  if (opened) paths.push(openedClause(opened, report.counts.combinedLabels));
  if (closed) paths.push(`${plural(closed, 'path')} closed`);
  // A build that fails on head hides what the pull request changed there: said first, and "no change" only of the rest.
  // A "no change" that holds only under a fold's assumption gives both readings (assumed-fold.ts).
  const none = `${inputs ? 'no change found in what was analysed' : notAnalysed || notAnalysedChanges ? 'no change in what could be analysed' : 'no change in allowed connectivity'}${report.assumedFold ? ` ${foldClause(report.assumedFold)}` : ''}`;
  const blind = [notAnalysed ? notAnalysedClause(report.counts) : '', notAnalysedChanges ? notAnalysedChangesClause(report) : ''].filter(Boolean).join('; ');
  // A build that failed on base deployed nothing: head's objects there read as new, which the reader must know first.
  const fixed = report.failedOnBase?.length ? `${plural(report.failedOnBase.length, 'build')} failing on base, compared as deploying nothing` : '';
  // Paths of pods the change probably removes are not counted: said after the rest, with the other reading (assumed-gone.ts).
  const gone = report.assumedGone ? goneClause(report.assumedGone) : '';
  const rest = paths.length ? paths.join(', ') : report.assumedGone ? `${none} ${goneRemainder(report.assumedGone)}` : none;
  // Closings of pods in namespaces the change creates are not counted: said after the rest, with the other reading (created-namespaces.ts).
  const created = report.createdNamespaces ? createdClause(report.createdNamespaces) : '';
  // Objects the change removes that a controller which does not prune leaves in the cluster: head holds them, so
  // their paths do not change yet; said here, as the reviewer who removed them expects the opposite (the notes name each).
  const keptCount = report.unpruned?.length ?? 0;
  const kept = keptCount ? `${plural(keptCount, 'removed object')} ${keptCount === 1 ? 'stays' : 'stay'} in the cluster, not pruned (see the notes)` : '';
  // Changed inputs no build analysed (a Helm release's values reachdiff does not read): a "no change" names them, as Markdown marks it ⚠️.
  const unread = inputs && !paths.length ? `not analysed: ${inputs}` : '';
  // A policy's generic "not applied" error told with its own errors is not counted apart (listed-errors.ts).
  const told = errors ? errors - (report.errors.introduced.length - listedErrors(report.errors.introduced).length) : 0;
  const parts = [blind, told ? `${plural(told, 'error')} ${rejectedClause(report.errors.introduced)}` : '', rest, unread, placementClause(report), gone, created, kept].filter(Boolean);
  const after = fixed ? [fixed] : [];
  // A changed rule whose peers another repository deploys: no path here, but that repository's policies are not read (quiet-text.ts).
  const away = [...new Set(elsewherePeers(report).filter((p) => p.why?.kind !== 'already').map((p) => p.elsewhere!.namespace))];
  if (away.length) after.push(`not proven for ${away.join(', ')}: ${away.length === 1 ? 'a namespace' : 'namespaces'} deployed from another repository, whose pods a changed rule admits`);
  // A changed rule's peers denied only as the model reads ipBlock (never pods), by one that may hold pod IPs (quiet-text.ts).
  const byAddress = podAddressPeers(report).length > 0;
  if (byAddress) after.push(`not proven where ${podAddressFields(report)} may hold pod IPs (see the changed policies)`);
  // Policies reachdiff does not model decide traffic too: the verdict says what it leaves out, and what of it the pull request changes.
  for (const u of report.unmodelled) {
    if (u.count > 0) after.push(`${ignoredText(u)}${u.changed ? ` (this pull request changes ${u.changed})` : ''}`);
    else if (u.changed) after.push(`this pull request removes ${plural(u.changed, u.label, u.plural)}, which reachdiff does not model`);
  }
  // A suspended Flux Kustomization or an Argo CD Application synced by hand applies nothing until someone acts: what the
  // change does there waits for that (suspended-clause.ts). Not after a plain "no change" (a comment edited): there it
  // would read as a change waiting; the notes still say it.
  // (Policies reachdiff does not model are said in every report: only a change of theirs is something the change does.)
  const plain = parts.length === 1 && parts[0] === none && !fixed && !away.length && !byAddress && !report.unmodelled.some((u) => u.changed) && !report.assumedFold && !listedFindings(report.findings).some((f) => f.new);
  if (report.suspended?.length && !plain) parts.push(suspendedClause(report.suspended));
  parts.push(...after);
  return `${parts.join('; ')}${findingsCount(listedFindings(report.findings))}`;
}

/**
 * `2 changed builds not analysed (failing on head)`; a failure base has too is said so, as older than the
 * pull request: `(failing on head and on base)`, `(failing on head; 1 of them also on base)`.
 */
export function notAnalysedClause(counts: Pick<FailCounts, 'notAnalysed' | 'notAnalysedOnBase'>): string {
  const n = counts.notAnalysed ?? 0;
  const older = counts.notAnalysedOnBase ?? 0;
  const where = older === 0 ? 'failing on head' : older === n ? 'failing on head and on base' : `failing on head; ${older} of them also on base`;
  return `${plural(n, 'changed build')} not analysed (${where})`;
}

/** Changed policies a verdict names before it counts the rest. */
const NAMED_CHANGES = 3;

/**
 * `the change of CiliumNetworkPolicy argo/aqua (aqua.yaml:45) not analysed in full for pods the manifests do not hold`:
 * the changed policies no reported path cites whose paths may be past a bound (DiffReport.abstractPeers.unshownChanges),
 * each at the rules it changes (base's `base:` where only base has them), else at the policy. Said first, as a build not analysed is.
 */
export function notAnalysedChangesClause(report: Pick<DiffReport, 'counts' | 'abstractPeers'>): string {
  const list = report.abstractPeers?.unshownChanges ?? [];
  const n = report.counts.notAnalysedChanges ?? list.length;
  const at = (u: (typeof list)[number]) => (u.rules.length ? u.rules.map((r) => `${r.side === 'base' ? 'base:' : ''}${r.ref.file}:${r.ref.line}`) : [`${u.ref.file}:${u.ref.line}`]).join(', ');
  const { named } = namedItems(list.map((u) => `${u.policy} (${at(u)})`), NAMED_CHANGES);
  const more = n - named.length;
  const what = named.length ? `the change of ${named.join(', ')}${more > 0 ? ` and ${plural(more, 'more policy', 'more policies')}` : ''}` : `the change of ${plural(n, 'policy', 'policies')}`;
  return `${what} not analysed in full for pods the manifests do not hold`;
}

/** Folders a clause names before it counts the rest. */
const NAMED_FOLDERS = 3;

/**
 * `all 3 rest on placing the objects of a/ and b/ together in \`default\` (applied apart, they
 * do not change)`: the paths that hold only under that placement (targets/placement-assumption.ts).
 */
function placementClause(report: DiffReport): string {
  const a = report.assumedPlacement;
  const n = a ? a.opened + a.closed : 0;
  if (!a || n === 0) return '';
  const total = report.counts.opened + report.counts.closed;
  const { named } = namedItems(a.folders, NAMED_FOLDERS);
  const more = a.folders.length - named.length;
  const list = more ? `${named.join(', ')} and ${plural(more, 'more folder')}` : named.join(', ').replace(/, ([^,]*)$/, ' and $1');
  return `${n === total ? (n === 1 ? 'it rests' : `all ${n} rest`) : `${n} of them rest`} on placing the objects of ${list} together in \`default\` (applied apart, ${n === 1 ? 'it does' : 'they do'} not change)`;
}

/** `; 2 new findings (1 error)` for the findings the report shows, or nothing. */
function findingsCount(findings: DiffReport['findings']): string {
  if (findings.length === 0) return '';
  const fresh = findings.filter((f) => f.new).length;
  const errors = findings.filter((f) => f.severity === 'error').length;
  const what = fresh === findings.length ? `${plural(fresh, 'new finding')}` : `${plural(findings.length, 'finding')} (${fresh} new)`;
  return `; ${what}${errors ? ` (${plural(errors, 'error')})` : ''}`;
}

/**
 * One thing that can fail a run; `any` is opened and closed, `never` nothing. `opened` leaves out label-combination
 * openings (engine/combined-labels.ts), which fail a run only under `combined-labels`.
 */
export type FailOnValue = 'opened' | 'closed' | 'any' | 'never' | 'errors' | 'combined-labels';
export const FAIL_ON: readonly FailOnValue[] = ['opened', 'closed', 'any', 'never', 'errors', 'combined-labels'];
/** Which changes fail a run (the CLI's exit code 1 and the check run's `failure`): one value or a list. */
export type FailOn = FailOnValue | readonly FailOnValue[];
export const DEFAULT_FAIL_ON: FailOn = ['opened', 'errors'];

export interface FailCounts {
  readonly opened: number;
  /** Of `opened`, the label-combination openings (DiffReport.counts): they fail a run only under `combined-labels`. */
  readonly combinedLabels?: number;
  readonly closed: number;
  /** Errors on objects the pull request adds or edits. */
  readonly errors?: number;
  /** Builds failing on head whose files the pull request changes (what it changed there is unknown). */
  readonly notAnalysed?: number;
  /** Of `notAnalysed`, those whose build fails the same way on base: older than the pull request, they never fail a run. */
  readonly notAnalysedOnBase?: number;
  /** Changed policies whose paths with pods the manifests do not hold may be past a bound, none reported (DiffReport.counts): fail as `notAnalysed`. */
  readonly notAnalysedChanges?: number;
  /**
   * The part of `opened`, `closed` and `errors` that never fails a run (targets new only because their parent's build fails on base);
   * its `opened` holds none of `combinedLabels`.
   */
  readonly notFailing?: { readonly opened: number; readonly closed: number; readonly errors?: number };
}

export function failOnValues(failOn: FailOn): readonly FailOnValue[] {
  return typeof failOn === 'string' ? [failOn] : failOn;
}

export function fails(counts: FailCounts, failOn: FailOn): boolean {
  const on = new Set(failOnValues(failOn));
  const any = on.has('any');
  // A change that could not be analysed may open or close anything: it fails whatever is watched (all but `never`),
  // unless base's build failed the same way (the pull request did not break it: told, as pre-existing errors are, not failed).
  // So does a changed policy whose paths the bound may have left out, none of them reported (notAnalysedChanges).
  const blind = ((counts.notAnalysed ?? 0) - (counts.notAnalysedOnBase ?? 0) > 0 || (counts.notAnalysedChanges ?? 0) > 0) && [...on].some((v) => v !== 'never');
  // Label-combination openings give no pod anything that pods with fewer of its labels lack: they fail only when asked.
  const combined = counts.combinedLabels ?? 0;
  const opened = counts.opened - combined - (counts.notFailing?.opened ?? 0);
  const closed = counts.closed - (counts.notFailing?.closed ?? 0);
  return ((on.has('opened') || any) && opened > 0) || ((on.has('closed') || any) && closed > 0) || (on.has('combined-labels') && combined > 0) || (on.has('errors') && (counts.errors ?? 0) - (counts.notFailing?.errors ?? 0) > 0) || blind;
}

/** Why a list contradicts itself (`never` beside values that fail), or undefined: `never,opened` is refused, not read as either. */
export function failOnConflict(failOn: FailOn): string | undefined {
  const values = failOnValues(failOn);
  const others = values.filter((v) => v !== 'never');
  if (!values.includes('never') || others.length === 0) return undefined;
  return `never (fail on nothing) cannot be combined with ${others.join(', ')}`;
}

/** `opened, errors`, as the user would write it. */
export function failOnText(failOn: FailOn): string {
  return failOnValues(failOn).join(', ');
}

/** A comma-separated list (`opened,errors`) or one value; `undefined` when some item is unknown or none is given. */
export function parseFailOn(text: string): FailOn | undefined {
  const items = text.split(',').map((s) => s.trim());
  if (items.length === 0 || items.some((i) => !FAIL_ON.includes(i as FailOnValue))) return undefined;
  return items.length === 1 ? (items[0] as FailOnValue) : (items as FailOnValue[]);
}
