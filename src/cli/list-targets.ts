/**
 * `list` over a folder with several targets (overlays, Argo CD applications, clusters) and no
 * `--target`: each cluster model is listed in turn, as `diff` reports them. Text is one `== NAME ==`
 * section per target, Markdown one `### Target NAME` section; JSON is `{schemaVersion: 1, targets:
 * [{name, …that target's list JSON without schemaVersion}]}` (one target keeps the contract's shape).
 * The pairs of all targets together are counted against --max-pairs before any is printed, and each
 * target's rows are streamed as they are written. A target whose errors left nothing to list is named on
 * stderr (its section says so), and the run exits 2 after listing the others. A picture (`mermaid`, `dot`) draws one target.
 */
import type { Workload } from '../engine/index.js';
import { countConnections } from '../engine/index.js';
import { listGroups, listRows } from './list-rows.js';
import type { FindingsConfig } from '../findings/index.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import { diagnosticLines } from '../report/copy-warnings.js';
import { exposureJson } from '../report/exposure-formats.js';
import { groupsJsonChunks, groupsMarkdown, groupsText, listJsonChunks, listMarkdownChunks, listTextChunks, targetListsJsonChunks } from '../report/list-formats.js';
import { peerText } from '../report/peer-label.js';
import { defaultNamespaceNotice, placesInDefault } from '../targets/default-namespace.js';
import { onceBy, positionKey } from '../util/once.js';
import { UsageError } from './errors.js';
import type { Format, ListOptions, ListTarget, Output } from './list-command.js';
import type { ListedModel } from './list-model.js';
import { checkMaxPairs, emptyNamespaceNote, exposureTail, listModel, noWorkloadsNote, nothingRead } from './list-model.js';
import type { Notice } from '../targets/types.js';

/** `spec`: the folder as given; `read`: the diagnostics of reading it (each target's warnings include them, as for one). */
/** `releases`: the Flux HelmReleases of the targets' files nothing renders (list-model.ts `unrenderedReleases`). */
export function listTargets(spec: string, format: Format, targets: readonly ListTarget[], read: readonly Diagnostic[], options: ListOptions, findingsConfig: FindingsConfig, releases: readonly Notice[] = []): Output {
  const names = targets.map((t) => t.name).join(', ');
  if (format === 'mermaid' || format === 'dot') throw new UsageError(`${spec}: ${targets.length} targets, each its own cluster (${names}): --format ${format} draws one target: choose it with --target NAME`);
  const all = targets.map((t) => ({ target: t, listed: listModel(t.files, read, options, findingsConfig) }));
  const listed = all.filter((m) => !nothingRead(m.listed));
  const unread = all.filter((m) => nothingRead(m.listed));
  const diagnostics = onceBy(all.flatMap((m) => m.listed.diagnostics), positionKey);
  // Text prints the errors above this line; JSON and Markdown hold them in the target's warnings, so name where the first is.
  const where = (m: (typeof all)[number]): string => {
    const first = m.listed.diagnostics.find((d) => d.severity === 'error') ?? m.listed.diagnostics[0];
    return format === 'json' || format === 'md' ? `its errors are among its warnings${first ? `, the first at ${first.ref.file}:${first.ref.line}` : ''}` : 'errors above';
  };
  const nothing = unread.map((m) => `reachdiff: ${spec}: target ${m.target.name}: nothing to list: no workload or policy could be read (${where(m)})\n`).join('');
  // Errors left no target anything to list: the input cannot be analysed (as for one target).
  if (listed.length === 0) return { stdout: '', stderr: diagnosticLines(diagnostics) + nothing, exitCode: 2 };
  const workloads = listed.flatMap((m) => m.listed.cluster.workloads);
  const defaulted = listed.filter((m) => placesInDefault(m.target.defaulted)).map((m) => m.target.name);
  const notes = (defaulted.length ? `note: ${defaultNamespaceNotice(defaulted).message}\n` : '') + emptyNamespaceNote(workloads, options.namespace) + noWorkloadsNote(listed.map((m) => m.listed.cluster), listed.some((m) => m.listed.errorsMayHideWorkloads), releases);
  // JSON and Markdown carry each target's warnings; text gives them once on stderr (a shared base's once, not per overlay).
  const stderr = (format === 'json' || format === 'md' ? '' : diagnosticLines(diagnostics)) + notes + nothing;
  const exitCode = unread.length ? 2 : 0;
  if (!options.group) checkMaxPairs(spec, listed.reduce((n, m) => n + countConnections(m.listed.connectivity, options), 0), options, listed.length);
  // A target with nothing read keeps its section (JSON and Markdown: its errors among its warnings).
  const sections = all.map((m) => ({ name: m.target.name, listed: m.listed }));
  switch (format) {
    case 'json':
      return { stdout: '', chunks: targetListsJsonChunks(sections.map((s) => ({ name: s.name, chunks: () => targetJson(s.listed, options) }))), stderr, exitCode };
    case 'md':
      return { stdout: '', chunks: sectionChunks(sections, (s) => `### Target ${s.name}\n\n`, (s) => targetMarkdown(s.listed, options)), stderr, exitCode };
    case 'text':
      return { stdout: '', chunks: sectionChunks(sections, (s) => `== ${s.name} ==\n`, (s) => targetText(s.listed, options)), stderr, exitCode };
  }
}

type Section = { readonly name: string; readonly listed: ListedModel };

/** Sections one after the other, a blank line between them; each one's body generated when its turn comes. */
function* sectionChunks(sections: readonly Section[], heading: (s: Section) => string, body: (s: Section) => Iterable<string>): Generator<string> {
  for (const [i, s] of sections.entries()) {
    yield (i === 0 ? '' : '\n') + heading(s);
    yield* body(s);
  }
}

/** One target's JSON, as `list --target NAME` writes it (rows or groups, `namespace`, `exposure`). */
function targetJson(m: ListedModel, options: ListOptions): Iterable<string> {
  const extra = { ...(options.namespace === undefined ? {} : { namespace: options.namespace }), ...(m.exposure ? exposureJson(m.exposure) : {}) };
  return options.group ? groupsJsonChunks(listGroups(m.connectivity, options), m.diagnostics, m.findings, extra) : listJsonChunks(listRows(m.connectivity, options), m.diagnostics, m.findings, extra);
}

function* targetText(m: ListedModel, options: ListOptions): Generator<string> {
  const label = peerText(options.externalNames);
  let written = 0;
  const body = options.group ? [groupsText(listGroups(m.connectivity, options), label)] : listTextChunks(listRows(m.connectivity, options), label);
  for (const chunk of body) {
    written += chunk.length;
    yield chunk;
  }
  // An empty section says why, not a heading over nothing.
  if (written === 0) yield `(${nothingRead(m) ? 'nothing to list: no workload or policy could be read; the errors are on stderr' : emptyWhy(m.cluster.workloads, options)})\n`;
  if (m.exposure) yield '\n' + exposureTail(m.exposure, false, m.cluster.workloads, options.namespace, options.ignoreNamespaces, m.cluster.policies);
}

function* targetMarkdown(m: ListedModel, options: ListOptions): Generator<string> {
  const label = peerText(options.externalNames);
  if (options.group) yield groupsMarkdown(listGroups(m.connectivity, options), m.diagnostics, label);
  else yield* listMarkdownChunks(listRows(m.connectivity, options), m.diagnostics, label);
  if (m.exposure) yield '\n' + exposureTail(m.exposure, true, m.cluster.workloads, options.namespace, options.ignoreNamespaces, m.cluster.policies);
}

/** Why a target lists no pair: no workload, none in --namespace, all in ignored namespaces, or none with traffic allowed to another. */
function emptyWhy(workloads: readonly Workload[], options: ListOptions): string {
  const { namespace } = options;
  const ignored = options.ignoreNamespaces ?? [];
  if (workloads.length === 0) return 'no workload';
  if (namespace !== undefined && !workloads.some((w) => w.namespace === namespace)) return `no workload in namespace ${namespace}`;
  if (ignored.length > 0 && workloads.every((w) => ignored.includes(w.namespace))) return `its workloads are in namespaces the configuration ignores (ignoreNamespaces: ${[...new Set(workloads.map((w) => w.namespace))].sort().join(', ')})`;
  return 'no allowed connection';
}
