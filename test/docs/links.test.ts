/**
 * The README is a guide and docs/*.md hold the reference it links to: every relative link between them
 * must reach an existing file and, with `#anchor`, a heading (GitHub's slug) or `<a id>` there. SARIF
 * rules' `helpUri` is `--docs-url` + `#` + readmeAnchor(code), so each finding code needs a target both
 * in the README (its table row) and in docs/findings.md (its heading).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { FINDING_CODES } from '../../src/findings/catalogue.js';
import { readmeAnchor } from '../../src/report/sarif.js';

const root = process.cwd();
const pages = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** GitHub's heading slug: lower case, punctuation but `-` and `_` dropped, spaces to `-`. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[`*]/g, '').replace(/[^\p{L}\p{N}_\- ]/gu, '').replace(/ /g, '-');
}

/** The anchors a page defines: its headings (outside code fences) and its `<a id="…">` tags. */
function anchors(page: string): Set<string> {
  const found = new Set<string>();
  let fenced = false;
  for (const line of readFileSync(join(root, page), 'utf8').split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = /^#+ (.*)$/.exec(line);
    if (heading && !fenced) found.add(slug(heading[1]));
    for (const m of line.matchAll(/<a id="([^"]+)"/g)) found.add(m[1]);
  }
  return found;
}

it('every relative link of the README and docs/ reaches an existing file and anchor', () => {
  const broken: string[] = [];
  for (const page of pages) {
    for (const m of readFileSync(join(root, page), 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1];
      if (/^[a-z]+:/.test(target)) continue;
      const [path, anchor] = target.split('#');
      const file = path === '' ? page : normalize(join(dirname(page), path));
      if (!existsSync(join(root, file))) broken.push(`${page}: ${target} (no file)`);
      else if (anchor !== undefined && file.endsWith('.md') && !anchors(file).has(anchor)) broken.push(`${page}: ${target} (no anchor)`);
    }
  }
  expect(broken).toEqual([]);
});

it('each finding code has a help target in the README and a heading in docs/findings.md', () => {
  const readme = anchors('README.md');
  const findings = anchors('docs/findings.md');
  expect(FINDING_CODES.filter((c) => !readme.has(readmeAnchor(c)))).toEqual([]);
  expect(FINDING_CODES.filter((c) => !findings.has(readmeAnchor(c)))).toEqual([]);
});
