/** `reachdiff explain <folder|rev>` and `reachdiff diff <base> <head> --explain SRC DST`. */
import type { ExplainArgs } from '../analysis/explain-run.js';
import { explainDiffFiles, explainFiles } from '../analysis/explain-run.js';
import { manifestMatcher } from '../manifests/path-matcher.js';
import { explainDiffJson, explainJson } from '../report/explain-json.js';
import { explainDiffText, explainText } from '../report/explain-text.js';
import { peerLabels } from '../report/peer-label.js';
import { UsageError } from './errors.js';
import type { Format, Output } from './list-command.js';
import { readSide } from './sources.js';

export interface ExplainCommandArgs extends ExplainArgs {
  readonly repo: string;
  readonly paths: readonly string[];
  readonly format: Format;
}

/** Exit code 1 when any of the asked traffic is denied, so scripts can assert a path is open. */
export async function runExplain(spec: string, args: ExplainCommandArgs): Promise<Output> {
  const side = await readSide(spec, args.repo, manifestMatcher(args.paths));
  if (side.files.length === 0) throw new UsageError(`${spec}: no .yaml, .yml or .json files to read`);
  const result = explainFiles(side.files, args);
  if (!result.ok) throw new UsageError(result.message);
  const report = { ...result.value, warnings: [...side.diagnostics, ...result.value.warnings] };
  const label = peerLabels(report.workloads);
  const stdout = args.format === 'json' ? explainJson(report, label) : explainText(report, label, args.format === 'md' ? 'md' : 'text');
  return { stdout, stderr: '', exitCode: report.answer.kind === 'explained' && report.answer.explanation.verdict === 'allowed' ? 0 : 1 };
}

export async function runDiffExplain(base: string, head: string, args: ExplainCommandArgs): Promise<Output> {
  const accept = manifestMatcher(args.paths);
  const [b, h] = await Promise.all([readSide(base, args.repo, accept), readSide(head, args.repo, accept)]);
  if (b.files.length === 0 && h.files.length === 0) throw new UsageError(`no manifest files in ${base} or ${head}`);
  const result = explainDiffFiles(b.files, h.files, args);
  if (!result.ok) throw new UsageError(result.message);
  const report = { ...result.value, warnings: { base: [...b.diagnostics, ...result.value.warnings.base], head: [...h.diagnostics, ...result.value.warnings.head] } };
  const label = peerLabels(report.workloads);
  const stdout = args.format === 'json' ? explainDiffJson(report, label) : explainDiffText(report, label, args.format === 'md' ? 'md' : 'text');
  return { stdout, stderr: '', exitCode: 0 };
}
