import { analyzeDiff } from '../analysis/diff-report.js';
import type { AddressSet } from '../engine/index.js';
import type { FailLevel, FindingsConfig } from '../findings/index.js';
import { failingFindings } from '../findings/index.js';
import { diffJson } from '../report/diff-json.js';
import { renderDiffMarkdown } from '../report/diff-markdown.js';
import { diffText } from '../report/diff-text.js';
import { sarifText } from '../report/sarif.js';
import type { FailOn } from '../report/verdict.js';
import { fails } from '../report/verdict.js';
import { VERSION } from '../version.js';
import { UsageError } from './errors.js';
import type { CliFormat } from './formats.js';
import type { Output } from './list-command.js';
import { repositoryPaths } from './lint-command.js';
import { formatDiagnostic } from '../manifests/diagnostics.js';
import { diffGraph } from '../report/graph.js';
import { toDot, toMermaid } from '../report/graph-formats.js';
import { peerLabels } from '../report/peer-label.js';
import { manifestMatcher } from '../manifests/path-matcher.js';
import { readSide } from './sources.js';

export { FAIL_ON, type FailOn } from '../report/verdict.js';

export interface DiffArgs {
  base: string;
  head: string;
  repo: string;
  paths: readonly string[];
  format: CliFormat;
  failOn: FailOn;
  /** New findings at or above this severity fail the run. */
  failLevel: FailLevel;
  /** Show head's old findings too (they never count for the exit code). */
  allFindings: boolean;
  findings: FindingsConfig;
  docsUrl?: string;
  /** `--pod-cidr`: the pod network, for `networks` peers of cluster-wide policies. */
  podNetwork?: AddressSet;
}

export async function runDiff(args: DiffArgs): Promise<Output> {
  const accept = manifestMatcher(args.paths);
  const [base, head] = await Promise.all([readSide(args.base, args.repo, accept), readSide(args.head, args.repo, accept)]);
  if (base.files.length === 0 && head.files.length === 0) throw new UsageError(`no manifest files in ${args.base} or ${args.head}`);
  const report = analyzeDiff(base.files, head.files, { findings: args.findings, podNetwork: args.podNetwork });
  // Files that could not be read are warnings of their own side; old findings only on request.
  const full = {
    ...report,
    findings: args.allFindings ? report.findings : report.findings.filter((f) => f.new),
    warnings: { base: [...base.diagnostics, ...report.warnings.base], head: [...head.diagnostics, ...report.warnings.head] },
  };
  const exitCode = fails(report.counts, args.failOn) || failingFindings(report.findings, args.failLevel).length > 0 ? 1 : 0;
  if (args.format === 'mermaid' || args.format === 'dot') {
    const graph = diffGraph(full, peerLabels(report.workloads ?? []));
    const warnings = [...full.warnings.head.map(formatDiagnostic), ...full.warnings.base.map((d) => `base: ${formatDiagnostic(d)}`)];
    return { stdout: args.format === 'dot' ? toDot(graph) : toMermaid(graph), stderr: warnings.map((w) => w + '\n').join(''), exitCode };
  }
  return { stdout: render(full, { ...args, format: args.format }, head.folder), stderr: '', exitCode };
}

function render(report: Parameters<typeof diffJson>[0], args: DiffArgs & { format: Exclude<CliFormat, 'mermaid' | 'dot'> }, headFolder: string | undefined): string {
  switch (args.format) {
    case 'json':
      return diffJson(report);
    case 'md':
      return renderDiffMarkdown(report);
    case 'sarif':
      return sarifText(repositoryPaths(report.findings, headFolder), { toolVersion: VERSION, docsUrl: args.docsUrl });
    case 'text':
      return diffText(report);
  }
}
