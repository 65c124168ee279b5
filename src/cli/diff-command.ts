import { analyzeDiff } from '../analysis/diff-report.js';
import { diffJson } from '../report/diff-json.js';
import { renderDiffMarkdown } from '../report/diff-markdown.js';
import { diffText } from '../report/diff-text.js';
import type { FailOn } from '../report/verdict.js';
import { fails } from '../report/verdict.js';
import { UsageError } from './errors.js';
import type { Format, Output } from './list-command.js';
import { manifestMatcher } from '../manifests/path-matcher.js';
import { readSide } from './sources.js';

export { FAIL_ON, type FailOn } from '../report/verdict.js';

export interface DiffArgs {
  base: string;
  head: string;
  repo: string;
  paths: readonly string[];
  format: Format;
  failOn: FailOn;
}

export async function runDiff(args: DiffArgs): Promise<Output> {
  const accept = manifestMatcher(args.paths);
  const [base, head] = await Promise.all([readSide(args.base, args.repo, accept), readSide(args.head, args.repo, accept)]);
  if (base.files.length === 0 && head.files.length === 0) throw new UsageError(`no manifest files in ${args.base} or ${args.head}`);
  const report = analyzeDiff(base.files, head.files);
  // Files that could not be read are warnings of their own side.
  const full = { ...report, warnings: { base: [...base.diagnostics, ...report.warnings.base], head: [...head.diagnostics, ...report.warnings.head] } };
  const stdout = args.format === 'json' ? diffJson(full) : args.format === 'md' ? renderDiffMarkdown(full) : diffText(full);
  return { stdout, stderr: '', exitCode: fails(report.counts, args.failOn) ? 1 : 0 };
}
