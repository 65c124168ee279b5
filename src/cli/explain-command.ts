/**
 * `reachdiff explain <folder|rev>` and `reachdiff diff <base> <head> --explain SRC DST`, over the targets
 * `diff` finds: each cluster model holding both ends is explained (`--target NAME`: only that one), and
 * with several models the output names the one it speaks of.
 */
import type { Resolved } from '../analysis/explain-query.js';
import type { ExplainArgs } from '../analysis/explain-run.js';
import { explainDiffFiles, explainFiles } from '../analysis/explain-run.js';
import { withEditsElsewhere } from '../analysis/explain-elsewhere.js';
import type { SideAnswer } from '../analysis/explain-run.js';
import { valueEdits } from '../analysis/values-edits.js';
import type { ManifestFile } from '../manifests/load.js';
import type { TargetSpec } from '../targets/types.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import { explainDiffJson, explainJson } from '../report/explain-json.js';
import { explainDiffText, explainText } from '../report/explain-text.js';
import type { PeerLabel } from '../report/peer-label.js';
import { peerLabels, peerText } from '../report/peer-label.js';
import type { ModelSides } from '../targets/analyze-targets.js';
import { UsageError } from './errors.js';
import { holdsNoManifest, noManifestInSide, noManifestInSides } from './manifest-presence.js';
import type { Format, Output } from './list-command.js';
import type { FailOn } from '../report/verdict.js';
import { askedChangeFails } from '../analysis/asked-change-fails.js';
import type { ModelArgs } from './target-models.js';
import { readNotes, readModels } from './target-models.js';
import { sideReads } from './sources.js';
import { uncommittedHeadNote } from './working-tree-note.js';
import { subfolderSideNote } from './subfolder-side-note.js';

export interface ExplainCommandArgs extends ExplainArgs, ModelArgs {
  readonly format: Format;
  /** `diff --explain`: `--fail-on` over the asked traffic; absent: the configuration's `failOn`. */
  readonly failOn?: FailOn;
}

/** Exit code 1 when any of the asked traffic is denied (in any target explained), so scripts can assert a path is open. */
export async function runExplain(spec: string, args: ExplainCommandArgs): Promise<Output> {
  const read = await readModels([spec], args);
  if (holdsNoManifest(read.sides[0].files) && args.render === undefined) throw new UsageError(noManifestInSide({ spec, files: read.sides[0].files, folder: read.sides[0].folder }, args.paths));
  const explained = inModels(read.models, (m) => explainFiles(m.head, args), readNotes(read));
  const parts = explained.map(({ model, value: own }, i) => {
    // An edit to a file other targets build too says what it opens there (explain-elsewhere.ts).
    const others = read.allModels.filter((m) => m.name !== model.name).map((m) => ({ name: m.name, files: m.head }));
    const value = { ...own, answer: withValueEdits(withEditsElsewhere(own.answer, model.name, others), model.head, read.sides[0].files, model.members, args) };
    const report = { ...value, warnings: [...(i === 0 ? read.sides[0].diagnostics : []), ...value.warnings] };
    const label = explainLabels(report.workloads, read.config.externalNames, args.format);
    const denied = !(report.answer.kind === 'explained' && report.answer.explanation.verdict === 'allowed');
    return { model, denied, json: args.format === 'json' ? explainJson(report, label) : '', text: args.format === 'json' ? '' : explainText(report, label, args.format === 'md' ? 'md' : 'text') };
  });
  // A workload a chart nothing rendered would make is "no such workload" here: the note says why (new-user trial 36).
  return { stdout: joined(parts, args.format, read.several), stderr: readNotes(read), exitCode: parts.some((p) => p.denied) ? 1 : 0 };
}

/** Exit code 1 when the change does to the asked traffic what `--fail-on` (else the configuration's `failOn`) names, in any target explained, as `diff`'s exit code over the asked pair. */
export async function runDiffExplain(base: string, head: string, args: ExplainCommandArgs): Promise<Output> {
  const read = await readModels([base, head], args);
  const failOn = args.failOn ?? read.config.failOn;
  const [b, h] = read.sides;
  if (holdsNoManifest([...b.files, ...h.files]) && args.render === undefined) throw new UsageError(noManifestInSides({ spec: base, files: b.files, folder: b.folder }, { spec: head, files: h.files, folder: h.folder }, args.paths));
  const explained = inModels(read.models, (m) => explainDiffFiles(m.base, m.head, args), readNotes(read));
  const parts = explained.map(({ model, value: own }, i) => {
    const first = (d: readonly Diagnostic[]) => (i === 0 ? d : []);
    // Head's edits to a file other targets build say what they open there, as explain's do (explain-elsewhere.ts).
    const others = read.allModels.filter((m) => m.name !== model.name).map((m) => ({ name: m.name, files: m.head }));
    const value = { ...own, head: withValueEdits(withEditsElsewhere(own.head, model.name, others), model.head, h.files, model.members, args) };
    const report = { ...value, warnings: { base: [...first(b.diagnostics), ...value.warnings.base], head: [...first(h.diagnostics), ...value.warnings.head] } };
    const label = explainLabels(report.workloads, read.config.externalNames, args.format);
    return { model, fails: askedChangeFails(report, failOn), json: args.format === 'json' ? explainDiffJson(report, label) : '', text: args.format === 'json' ? '' : explainDiffText(report, label, args.format === 'md' ? 'md' : 'text') };
  });
  // `diff main HEAD --explain …` with uncommitted edits: say they are not read (working-tree-note.ts).
  const note = (await uncommittedHeadNote({ base, head, repo: args.repo, reads: sideReads(h, read.accept) })) + (await subfolderSideNote({ base, head, repo: args.repo }));
  return { stdout: joined(parts, args.format, read.several), stderr: note + readNotes(read), exitCode: parts.some((p) => p.fails) ? 1 : 0 };
}

/** `answer` with the edits of the Helm values files that decide its near misses' values (values-edits.ts), when there are any. */
function withValueEdits(answer: SideAnswer, files: readonly ManifestFile[], repository: readonly ManifestFile[], targets: readonly TargetSpec[], args: ExplainArgs): SideAnswer {
  if (answer.kind !== 'explained' || !files.some((f) => f.sourceLines && f.path.startsWith('helm:'))) return answer;
  const texts = new Map(repository.map((f) => [f.path, f.text]));
  const found = valueEdits(answer, files, (p) => texts.get(p), targets, args);
  return found.size ? { ...answer, valueEdits: found } : answer;
}

/** The models where both ends resolve, with their answers; none: the first model's reason, naming the targets tried. */
function inModels<T>(models: readonly ModelSides[], explain: (m: ModelSides) => Resolved<T>, notes = ''): { model: ModelSides; value: T }[] {
  const tried = models.map((model) => ({ model, result: explain(model) }));
  const found = tried.flatMap(({ model, result }) => (result.ok ? [{ model, value: result.value }] : []));
  if (found.length) return found;
  const first = tried[0]?.result;
  const message = first && !first.ok ? first.message : 'nothing to explain';
  // `notes`: charts nothing rendered, whose workloads are then missing: said beside the error (new-user trial 36).
  throw new UsageError(`${models.length > 1 ? `${message} (in none of the ${models.length} targets: ${models.map((m) => m.name).join(', ')}; choose one with --target NAME)` : message}${notes ? `\n${notes.trimEnd()}` : ''}`);
}

/** One answer as before; with several cluster models each answer names its target (JSON: `target`, or `targets` when several hold the ends). */
function joined(parts: readonly { model: ModelSides; json: string; text: string }[], format: Format, several: boolean): string {
  if (format === 'json') {
    const objects = parts.map((p) => (several ? { target: p.model.name, ...(JSON.parse(p.json) as object) } : (JSON.parse(p.json) as object)));
    return JSON.stringify(objects.length === 1 ? objects[0] : { schemaVersion: 1, targets: objects }, null, 2) + '\n';
  }
  if (!several) return parts.map((p) => p.text).join('\n');
  const heading = (name: string) => (format === 'md' ? `### Target ${name}\n\n` : `Target ${name}:\n`);
  return parts.map((p) => heading(p.model.name) + p.text).join('\n');
}

/**
 * Peer names of text and Markdown: a workload by the contract's id, its kind named (`shop/cart[Deployment]`),
 * as diff's paths and why lines name it, and the configuration's `externalNames` naming its ranges, as in diff
 * and list (`payment gateway (203.0.113.0/24)`); JSON's texts keep the short names and the contract's ranges.
 */
function explainLabels(workloads: Parameters<typeof peerLabels>[0], externalNames: Readonly<Record<string, string>>, format: string | undefined): PeerLabel {
  return format === 'json' ? peerLabels(workloads, {}) : peerText(externalNames);
}
