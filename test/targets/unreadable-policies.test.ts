/**
 * A changed manifest file that is not UTF-8 text is not parsed (one UNREADABLE_FILE warning); when what it still
 * shows names a network policy (a NetworkPolicy saved as UTF-16 by Windows PowerShell's `>`), its change is said
 * not analysed at that line, never a plain "No change" (new-user trial, session 59: the edit of such a policy read
 * "No change in allowed connectivity", exit 0). A binary or git-crypt file shows no policy line and stays the
 * warning alone. The loader's warning names UTF-16 when the file is.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import type { TargetsReport } from '../../src/targets/analyze-targets.js';
import { targetsText } from '../../src/report/targets-text.js';
import { loadManifests } from '../../src/manifests/load.js';
import { main } from '../../src/cli/main.js';
import { git, tempFolderSync } from '../helpers/git.js';

type Files = Record<string, string>;
const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));
const outside = (r: TargetsReport) => r.notices.filter((n) => n.code === 'OUTSIDE_TARGETS');

const app = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: i}]}\n';
const policy = (port: number) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api, namespace: shop}\nspec:\n  podSelector: {}\n  ingress:\n    - ports: [{port: ${port}}]\n`;
/** UTF-16 little-endian with a byte-order mark, as PowerShell 5 writes it. */
const utf16 = (text: string) => Buffer.from(`\uFEFF${text}`, 'utf16le');
/** A file's bytes as every reader of reachdiff decodes them. */
const decoded = (bytes: Buffer) => bytes.toString('utf8');

describe('a changed manifest file that is not UTF-8 text', () => {
  it('a UTF-16 NetworkPolicy edited: not analysed at its kind line, never "No change"', async () => {
    const report = await analyzeTargets(list({ 'deploy/app.yaml': app, 'deploy/np.yaml': decoded(utf16(policy(80))) }), list({ 'deploy/app.yaml': app, 'deploy/np.yaml': decoded(utf16(policy(8080))) }));
    expect(outside(report)).toEqual([{ code: 'OUTSIDE_TARGETS', message: expect.stringMatching(/^Not analysed: a UTF-16 file writing network policies changed in deploy\/np\.yaml \(kind NetworkPolicy at line 2\): .* save it as UTF-8$/), ref: { file: 'deploy/np.yaml', line: 2 } }]);
    const text = targetsText(report);
    expect(text).toMatch(/^No change found in what was analysed; not analysed: a UTF-16 file writing network policies changed in deploy\/np\.yaml:2 /);
    expect(text).not.toMatch(/No change in allowed connectivity/);
  });

  it('a UTF-16 policy file saved as UTF-8: base\'s unread policy said, the policy read on head', async () => {
    const report = await analyzeTargets(list({ 'deploy/app.yaml': app, 'deploy/np.yaml': decoded(utf16(policy(80))) }), list({ 'deploy/app.yaml': app, 'deploy/np.yaml': policy(80) }));
    expect(outside(report).map((n) => [n.ref, n.side])).toEqual([[{ file: 'deploy/np.yaml', line: 2 }, 'base']]);
  });

  it('a changed binary or git-crypt file, and a UTF-16 file naming no policy: the warning alone', async () => {
    const before: Files = { 'deploy/app.yaml': app, 'deploy/blob.yaml': '\u0000GITCRYPT\u0000\uFFFDa', 'deploy/cm.yaml': decoded(utf16('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n')) };
    const after: Files = { 'deploy/app.yaml': app, 'deploy/blob.yaml': '\u0000GITCRYPT\u0000\uFFFDb', 'deploy/cm.yaml': decoded(utf16('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n')) };
    const report = await analyzeTargets(list(before), list(after));
    expect(outside(report)).toEqual([]);
    expect(targetsText(report)).toMatch(/^No change in allowed connectivity/);
  });

  it("the loader's warning names UTF-16", () => {
    const r = loadManifests([{ path: 'np.yaml', text: decoded(utf16(policy(80))) }, { path: 'bin.yaml', text: '\u0000\u0001' }]);
    expect(r.diagnostics.map((d) => [d.code, d.ref.file, d.message])).toEqual([
      ['UNREADABLE_FILE', 'bin.yaml', 'bin.yaml is not UTF-8 text (binary, or encrypted e.g. by git-crypt); not read'],
      ['UNREADABLE_FILE', 'np.yaml', "np.yaml is UTF-16 text (as Windows PowerShell's > and Out-File write it), not UTF-8; not read: save it as UTF-8"],
    ]);
  });

  it('of two git revisions: the CLI says it, exit 0', async () => {
    const repo = tempFolderSync({ 'deploy/app.yaml': app });
    writeFileSync(join(repo, 'deploy/np.yaml'), utf16(policy(80)));
    git(repo, 'init', '-q');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'base');
    writeFileSync(join(repo, 'deploy/np.yaml'), utf16(policy(8080)));
    git(repo, 'commit', '-q', '-am', 'head');
    const out = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo]);
    expect(out.stdout).toMatch(/^No change found in what was analysed; not analysed: a UTF-16 file writing network policies changed in deploy\/np\.yaml:2 /);
    expect(out.exitCode).toBe(0);
  });
});
