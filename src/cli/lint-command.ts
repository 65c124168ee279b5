/**
 * `reachdiff lint <folder|rev>`: every finding of one commit (but those of the configuration's
 * `ignoreNamespaces`); exit 1 when any is at or above --fail-level.
 */
import { posix } from 'node:path';
import { computeConnectivity } from '../engine/index.js';
import type { FailLevel, Finding, FindingsConfig } from '../findings/index.js';
import { commitFindings, failingFindings, withoutFindingDiagnostics } from '../findings/index.js';
import { oncePerLine } from '../findings/same-line-copies.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import { loadManifests } from '../manifests/load.js';
import { findingJson, findingText, findingsMarkdown } from '../report/findings.js';
import { directionsTogether } from '../report/finding-groups.js';
import { warningsMarkdown } from '../report/list-formats.js';
import { sarifText } from '../report/sarif.js';
import { diagnosticLines, foldCopyWarnings, foldRejectedCopies } from '../report/copy-warnings.js';
import { allDiagnostics, warningJson } from '../report/warnings.js';
import { VERSION } from '../version.js';
import { UsageError } from './errors.js';
import { holdsNoManifest, noManifestInSide } from './manifest-presence.js';
import type { Output } from './list-command.js';
import type { CliFormat } from './formats.js';
import { readNotes, readModels } from './target-models.js';
import { folderInRepository } from './repository-folder.js';
import { onceBy, positionKey } from '../util/once.js';
import { inIgnoredNamespace } from '../analysis/ignored-namespaces.js';

export interface LintArgs {
  /** The folder or git revision linted. */
  readonly target: string;
  readonly repo: string;
  /** `--target NAME`: only this target's cluster model. */
  readonly only?: string;
  readonly config?: string;
  /** `--branch NAME`: the branch under review (Flux sources tracking another branch are not analysed); absent: the base revision's branch, if it is one. */
  readonly branch?: string;
  readonly namespace?: string;
  readonly paths: readonly string[];
  readonly format: Exclude<CliFormat, 'mermaid' | 'dot'>;
  readonly failLevel: FailLevel;
  readonly findings: FindingsConfig;
  readonly docsUrl?: string;
  /** `--render 'CMD'`: the command's output, linted in the cluster model of the manifests beside it. */
  readonly render?: string;
}

/** Every cluster model `diff` finds (or the one --target names) is linted; a shared file's finding is given once. */
export async function runLint(args: LintArgs): Promise<Output> {
  const read = await readModels([args.target], { ...args, target: args.only });
  const side = read.sides[0];
  if (holdsNoManifest(side.files) && args.render === undefined) throw new UsageError(noManifestInSide({ spec: args.target, files: side.files, folder: side.folder }, args.paths));
  const all = read.models.map((m) => {
    const loaded = loadManifests(m.head);
    const conn = computeConnectivity(loaded.cluster);
    const findings = commitFindings({ conn, diagnostics: loaded.diagnostics, config: args.findings, unmodelled: loaded.unmodelled, hostNetwork: loaded.hostNetwork });
    return { findings, warnings: allDiagnostics(withoutFindingDiagnostics(loaded.diagnostics), withoutFindingDiagnostics(conn.diagnostics)) };
  });
  // The configuration's ignoreNamespaces leave their findings out, as diff and the App do (ignored-namespaces.ts).
  const ignored = read.config.ignoreNamespaces;
  // One line rendered or built into several namespaces of a model: its finding told once (same-line-copies.ts).
  const findings = onceBy(all.flatMap((a) => oncePerLine(a.findings.filter((f) => !inIgnoredNamespace(f.subject, ignored)))), positionKey);
  // An error is a MANIFEST_REJECTED finding: it is not repeated among the warnings (unless that finding is turned off).
  const rejected = new Set(findings.filter((f) => f.code === 'MANIFEST_REJECTED').map((f) => `${f.ref.file}:${f.ref.line}:${f.message.replace(/\.$/, '')}`));
  const reported = (d: Diagnostic) => d.severity === 'error' && rejected.has(`${d.ref.file}:${d.ref.line}:${d.message.replace(/\.$/, '')}`);
  const warnings = onceBy([...side.diagnostics, ...all.flatMap((a) => a.warnings)], positionKey).filter((d) => !reported(d));
  const exitCode = failingFindings(findings, args.failLevel).length > 0 ? 1 : 0;
  // JSON keeps every finding and warning; the other formats tell the copies of one object at one line once (copy-warnings.ts).
  const told = foldCopyWarnings(warnings);
  // Charts nothing rendered: their templates' policies are in no finding, which a clean lint must not hide (new-user trial 36).
  const notes = readNotes(read);
  switch (args.format) {
    case 'json': {
      const notices = read.charts.map((n) => ({ code: n.code, message: n.message, ...(n.ref ? { file: n.ref.file, line: n.ref.line } : {}) }));
      return { stdout: JSON.stringify({ schemaVersion: 1, findings: findings.map(findingJson), warnings: warnings.map(warningJson), ...(notices.length ? { notices } : {}) }, null, 2) + '\n', stderr: '', exitCode };
    }
    case 'sarif':
      // SARIF holds findings only: the other warnings go to stderr, as for text (Markdown holds them).
      return { stdout: sarifText(repositoryPaths(findings, side.folder === undefined ? undefined : await folderInRepository(side.folder)), { toolVersion: VERSION, docsUrl: args.docsUrl }), stderr: diagnosticLines(told) + notes, exitCode };
    case 'md': {
      // Markdown is a document of its own (a job summary, a comment): its warnings are in it, as list's are.
      const lines = findings.length ? findingsMarkdown(foldRejectedCopies(findings), Infinity) : ['No findings.', ''];
      return { stdout: lines.join('\n') + warningsMarkdown(told), stderr: notes, exitCode };
    }
    case 'text':
      return { stdout: findings.length ? directionsTogether(foldRejectedCopies(findings)).map((f) => findingText(f) + '\n').join('') : 'No findings.\n', stderr: diagnosticLines(told) + notes, exitCode };
  }
}

/**
 * Paths as the repository sees them: a folder's files are read relative to that folder, so code
 * scanning (which resolves against the repository root) needs the folder in front; revisions are already
 * relative to the root. `folder`: the folder's path in its repository (repository-folder.ts), or as typed.
 */
export function repositoryPaths<F extends Finding>(findings: readonly F[], folder: string | undefined): F[] {
  if (!folder) return [...findings];
  const prefix = posix.normalize(folder.split('\\').join('/')).replace(/^\.\/?$/, '').replace(/\/$/, '');
  if (prefix === '' || prefix.startsWith('..') || prefix.startsWith('/')) return [...findings];
  return findings.map((f) => ({ ...f, ref: { ...f.ref, file: `${prefix}/${f.ref.file}` } }));
}
