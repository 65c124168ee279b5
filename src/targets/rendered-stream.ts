/**
 * A manifest stream printed by a command (`helm template`, jsonnet, a script) as one manifest file
 * whose lines point back at their sources. Helm writes `# Source: <chart>/templates/<file>` before each
 * document; such a document points at that template file, and each of its lines at the template line
 * with the same text (matched in order, so static parts of a template keep exact lines; a generated
 * line points at the nearest matched line above it). Documents without a `# Source:` point at the
 * stream itself, named after the command.
 */
import type { SourceRef } from '../engine/model.js';
import type { ManifestFile } from '../manifests/load.js';
import type { RepoFiles } from './repo-files.js';
import { textLines } from '../util/line-ends.js';
import { joinPath } from '../util/repo-paths.js';

/**
 * `name` labels the stream (e.g. `render:prod`); `baseDir` is the folder `# Source:` paths are
 * relative to (a chart's parent for Helm, the repository root for `--render`).
 */
export function renderedStream(stdout: string, name: string, files: RepoFiles, baseDir = ''): ManifestFile {
  const lines = textLines(stdout);
  if (/[\r\n]$/.test(stdout)) lines.pop();
  const sourceLines: SourceRef[] = [];
  let source: { file: string; lines: string[] } | undefined;
  let cursor = 0;
  let last: SourceRef | undefined;
  lines.forEach((line, i) => {
    const own = { file: name, line: i + 1 };
    if (/^---(\s|$)/.test(line)) {
      source = undefined;
      last = undefined;
      sourceLines.push(own);
      return;
    }
    const m = /^#\s*Source:\s*(\S.*?)\s*$/.exec(line);
    if (m) {
      const file = resolveSource(m[1], files, baseDir);
      const text = files.text(file);
      source = { file, lines: text === undefined ? [] : textLines(text) };
      cursor = 0;
      last = { file, line: 1 };
      sourceLines.push(last);
      return;
    }
    if (!source) return void sourceLines.push(own);
    const at = findLine(source.lines, line, cursor);
    if (at >= 0) {
      cursor = at + 1;
      last = { file: source.file, line: at + 1 };
    }
    sourceLines.push(last ?? { file: source.file, line: 1 });
  });
  return { path: name, text: stdout, sourceLines };
}

/** The first line at or after `from` whose text (trimmed) equals `line`'s; -1 when none does. */
function findLine(source: readonly string[], line: string, from: number): number {
  const want = line.trim();
  if (want === '') return -1;
  for (let i = from; i < source.length; i++) if (source[i].trim() === want) return i;
  return -1;
}

/** A `# Source:` path as a repository path: relative to `baseDir`, else the one repository file that ends with it. */
export function resolveSource(source: string, files: RepoFiles, baseDir: string): string {
  const direct = joinPath(baseDir, source);
  if (direct !== undefined && files.byPath.has(direct)) return direct;
  const suffix = `/${source.replace(/^\.?\//, '')}`;
  const candidates = [...files.byPath.keys()].filter((p) => p.endsWith(suffix));
  return candidates.length === 1 ? candidates[0] : (direct ?? source);
}
