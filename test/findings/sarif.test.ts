/**
 * `--format sarif` validated against the SARIF 2.1.0 JSON schema (the OASIS schema as published for
 * 2.1.0, shipped in the @microsoft/jest-sarif package, MIT; see README "Findings"), with ajv.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { repositoryPaths } from '../../src/cli/lint-command.js';
import { main } from '../../src/cli/main.js';
import { FINDING_CODES, FINDING_RULES } from '../../src/findings/index.js';
import { sarifLog } from '../../src/report/sarif.js';
import { VERSION } from '../../src/version.js';
import { cluster, deployment, manifests, namespace, policy } from '../engine/fixtures.js';
import { git, tempFolderSync } from '../helpers/git.js';

// CommonJS packages: under NodeNext typing their exports sit on `.default` (so they do at run time too).
const Ajv04 = ajvDraft04.default;
const addFormats = ajvFormats.default;
const require = createRequire(import.meta.url);
const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

function validator() {
  // The schema's language-tag pattern has a stray `]`, which only non-unicode regular expressions accept.
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
}

function repo(): string {
  const base = cluster(namespace('kube-system'), deployment('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }));
  const head = [...base, policy('default', 'deny', { podSelector: {}, policyTypes: ['Egress'] }), policy('other', 'wide', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] })];
  return tempFolderSync({ 'base/k8s.yaml': manifests(...base), 'head/k8s.yaml': manifests(...head) }, 'reachdiff-sarif-');
}

describe('SARIF 2.1.0', () => {
  const validate = validator();

  it("the tool's version is package.json's", () => {
    expect(VERSION).toBe((JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version);
  });

  it('the schema rejects what it should (the validator is live)', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
  });

  it('lint --format sarif is valid, with one rule per code and physical locations in the repository', async () => {
    const dir = repo();
    const out = await main(['lint', join(dir, 'head'), '--format', 'sarif', '--docs-url', 'https://example.invalid/reachdiff/README.md']);
    const log = JSON.parse(out.stdout);
    expect(validate(log)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    const run = log.runs[0];
    expect(run.tool.driver).toMatchObject({ name: 'reachdiff', semanticVersion: VERSION });
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(FINDING_CODES);
    expect(run.tool.driver.rules[0]).toMatchObject({ shortDescription: { text: FINDING_RULES[FINDING_CODES[0]].title }, helpUri: `https://example.invalid/reachdiff/README.md#${FINDING_CODES[0].toLowerCase()}` });
    const dns = run.results.find((r: { ruleId: string }) => r.ruleId === 'DNS_EGRESS_MISSING');
    expect(dns).toMatchObject({ level: 'error', ruleIndex: FINDING_CODES.indexOf('DNS_EGRESS_MISSING') });
    // An absolute folder is outside any repository path: files stay relative to it.
    expect(dns.locations[0].physicalLocation.artifactLocation.uri).toBe('k8s.yaml');
    expect(dns.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
  });

  it('diff --format sarif carries baselineState: new for findings the head adds', async () => {
    const dir = repo();
    const out = await main(['diff', 'base', 'head', '--format', 'sarif', '--fail-on', 'never'].map((a) => (a === 'base' || a === 'head' ? join(dir, a) : a)));
    const log = JSON.parse(out.stdout);
    expect(validate(log)).toBe(true);
    const states = new Set(log.runs[0].results.map((r: { baselineState: string }) => r.baselineState));
    expect(states).toEqual(new Set(['new']));
    expect(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(expect.arrayContaining(['DNS_EGRESS_MISSING', 'PERMISSIVE_RULE']));
    expect(out.exitCode).toBe(1);
  });

  it('a relative folder argument is put in front of the paths, so code scanning finds them from the repository root', () => {
    const f = { code: 'PERMISSIVE_RULE' as const, severity: 'warning' as const, message: 'm.', ref: { file: 'apps/x.yaml', line: 3 }, subject: 's', object: 'o', fix: 'f.' };
    expect(repositoryPaths([f], './deploy/k8s/')[0].ref.file).toBe('deploy/k8s/apps/x.yaml');
    expect(repositoryPaths([f], '.')[0].ref.file).toBe('apps/x.yaml');
    expect(repositoryPaths([f], '../elsewhere')[0].ref.file).toBe('apps/x.yaml');
    expect(repositoryPaths([f], undefined)[0].ref.file).toBe('apps/x.yaml');
  });

  it('a folder inside a git repository is located from its root, however it was typed (absolute, or . in a subfolder)', async () => {
    const base = cluster(namespace('kube-system'), deployment('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }));
    const head = [...base, policy('default', 'deny', { podSelector: {}, policyTypes: ['Egress'] })];
    const dir = tempFolderSync({ 'deploy/base/k8s.yaml': manifests(...base), 'deploy/k8s/k8s.yaml': manifests(...head) }, 'reachdiff-sarif-');
    git(dir, 'init', '-q');
    const uris = (stdout: string) => new Set(JSON.parse(stdout).runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0].physicalLocation.artifactLocation.uri));
    const lint = await main(['lint', join(dir, 'deploy', 'k8s'), '--format', 'sarif']);
    expect(uris(lint.stdout)).toEqual(new Set(['deploy/k8s/k8s.yaml']));
    const diff = await main(['diff', join(dir, 'deploy', 'base'), join(dir, 'deploy', 'k8s'), '--format', 'sarif', '--fail-on', 'never']);
    expect(uris(diff.stdout)).toEqual(new Set(['deploy/k8s/k8s.yaml']));
    const cwd = process.cwd();
    try {
      process.chdir(join(dir, 'deploy', 'k8s'));
      expect(uris((await main(['lint', '.', '--format', 'sarif'])).stdout)).toEqual(new Set(['deploy/k8s/k8s.yaml']));
    } finally {
      process.chdir(cwd);
    }
  });

  it('every severity maps to a SARIF level and every result names its rule', () => {
    const finding = (severity: 'error' | 'warning' | 'notice') => ({ code: 'CROSS_NAMESPACE_PATH' as const, severity, message: 'm.', ref: { file: 'a b/x.yaml', line: 3 }, subject: 's', object: 'o', fix: 'f.', new: false });
    const log = sarifLog([finding('error'), finding('warning'), finding('notice')], { toolVersion: VERSION }) as { runs: { results: { level: string; baselineState: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(validate(log)).toBe(true);
    expect(log.runs[0].results.map((r) => r.level)).toEqual(['error', 'warning', 'note']);
    expect(log.runs[0].results[0].baselineState).toBe('unchanged');
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('a%20b/x.yaml');
  });
});
