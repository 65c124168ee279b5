/** `reachdiff list` through `main(argv)`, on temporary folders. */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const temps: string[] = [];

async function folder(files: Record<string, string>): Promise<string> {
  const root = await tempFolder(files, 'reachdiff-list-');
  temps.push(root);
  return root;
}

afterAll(async () => {
  for (const t of temps) await rm(t, { recursive: true, force: true });
});

const deployment = (name: string, ns = 'default') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  template:\n    metadata:\n      labels:\n        app: ${name}\n`;

const POLICY = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'web-in', namespace: 'default' },
  spec: {
    podSelector: { matchLabels: { app: 'web' } },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 8080 }, { protocol: 'UDP', port: 53 }] }],
  },
};

/** web accepts only api on TCP 8080 and UDP 53, and sends nothing; the unknown named port is a warning. */
const APP = {
  'apps/web.yaml': deployment('web'),
  'apps/api.yaml': deployment('api'),
  'policies/web.json': JSON.stringify(POLICY, null, 2),
  'policies/warn.yaml':
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: named\nspec:\n  podSelector:\n    matchLabels: {app: api}\n  ingress:\n  - ports:\n    - port: metrics\n',
  'README.md': '# not a manifest\n',
};

const EVERY = '0.0.0.0-255.255.255.255,::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff';
/** How text and Markdown print it (JSON keeps the ranges). */
const EVERY_TEXT = '0.0.0.0/0, ::/0';

/** The one-time note of objects placed in `default`, as `diff` words it. */
const DEFAULTED = 'note: Objects without a namespace in plain manifests are placed in `default`: nothing names their namespace (set the target\'s namespace or namespaceFromPath, or --namespace)\n';

describe('reachdiff list', () => {
  it('prints `src => dst : conns` lines and sends warnings to stderr, exit 0', async () => {
    const out = await main(['list', await folder(APP)]);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toBe(
      ['default/api[Deployment] => default/web[Deployment] : TCP 8080,UDP 53', `default/api[Deployment] => ${EVERY_TEXT} : All Connections`, ''].join('\n'),
    );
    expect(out.stderr).toBe('policies/warn.yaml:10: warning: default/named: named port "metrics" (TCP) is not defined by any destination pod of this ingress rule that the manifests hold, so it allows nothing to them (a pod created later that declares it would be reached: diff reports that path with the port by name) [UNKNOWN_NAMED_PORT]\n' + DEFAULTED);
  });

  it('--format json prints the output contract', async () => {
    const out = await main(['list', await folder(APP), '--format', 'json']);
    expect(out.exitCode).toBe(0);
    // The one note (the fixture's objects name no namespace); its warnings are in the JSON.
    expect(out.stderr).toBe(DEFAULTED);
    const json = JSON.parse(out.stdout);
    expect(json.schemaVersion).toBe(1);
    expect(json.connections).toEqual([
      {
        src: { type: 'workload', namespace: 'default', name: 'api', workloadKind: 'Deployment', id: 'default/api[Deployment]' },
        dst: { type: 'workload', namespace: 'default', name: 'web', workloadKind: 'Deployment', id: 'default/web[Deployment]' },
        conn: { protocols: { TCP: [[8080, 8080]], UDP: [[53, 53]] } },
      },
      {
        src: { type: 'workload', namespace: 'default', name: 'api', workloadKind: 'Deployment', id: 'default/api[Deployment]' },
        dst: { type: 'external', ranges: ['0.0.0.0-255.255.255.255', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'], id: EVERY },
        conn: { all: true },
      },
    ]);
    expect(json.warnings).toEqual([expect.objectContaining({ file: 'policies/warn.yaml', line: 10, code: 'UNKNOWN_NAMED_PORT', severity: 'warning' })]);
  });

  it('--format=md prints a Markdown table and the warnings', async () => {
    const out = await main(['list', await folder(APP), '--format=md']);
    expect(out.exitCode).toBe(0);
    const lines = out.stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '| source | destination | allowed |',
      '|---|---|---|',
      '| default/api[Deployment] | default/web[Deployment] | TCP 8080,UDP 53 |',
      `| default/api[Deployment] | ${EVERY_TEXT} | All Connections |`,
    ]);
    expect(lines).toContain('**Warnings**');
    expect(lines.some((l) => l.startsWith('- policies/warn.yaml:10: warning:') && l.endsWith('[UNKNOWN_NAMED_PORT]'))).toBe(true);
  });

  it('a folder of unparsable manifests cannot be listed: the errors on stderr, exit 2 (nothing was analysed)', async () => {
    const out = await main(['list', await folder({ 'bad.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: [unclosed\n', 'notes.yaml': 'a: [unclosed\n' }), '--format', 'json']);
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^bad\.yaml:\d+: error: .*\[YAML_SYNTAX\]\n/);
    expect(out.stderr).toMatch(/nothing to list: no workload or policy could be read \(errors above\)\n$/);
  });

  it('reads nested folders but skips .git and node_modules', async () => {
    const root = await folder({ 'a/b/c/web.yml': deployment('web'), '.git/x.yaml': deployment('hidden'), 'node_modules/m/y.yaml': deployment('dep') });
    const out = await main(['list', root, '--format', 'json']);
    const json = JSON.parse(out.stdout);
    const ids = new Set(json.connections.flatMap((c: { src: { id: string }; dst: { id: string } }) => [c.src.id, c.dst.id]));
    expect([...ids].filter((id) => String(id).includes('['))).toEqual(['default/web[Deployment]']);
  });
});

describe('reachdiff usage errors', () => {
  it.each<[string, () => Promise<string[]>, RegExp]>([
    ['a folder that does not exist', async () => ['list', join(tmpdir(), 'reachdiff-no-such-folder-xyz')], /no such file, folder or git revision/],
    ['a path that is neither a file nor a folder', async () => ['list', join(await folder({ 'x.yaml': deployment('x') }), 'y.yaml')], /no such file, folder or git revision/],
    ['a folder with no manifests', async () => ['list', await folder({ 'README.md': '# hi\n', 'notes.txt': 'x' })], /no \.yaml, \.yml or \.json files/],
    ['an empty folder', async () => ['list', await folder({})], /no \.yaml, \.yml or \.json files/],
    ['an unknown format', async () => ['list', await folder({ 'x.yaml': deployment('x') }), '--format', 'xml'], /--format must be one of text, json, md/],
    ['list without a folder', async () => ['list'], /^reachdiff: list takes one folder, manifest file or git revision \(1 argument\), got 0\n$/],
    ['list with two folders', async () => ['list', 'a', 'b'], /^reachdiff: list takes one folder, manifest file or git revision \(1 argument\), got 2\n$/],
    ['an unknown command', async () => ['lsit', '.'], /unknown command "lsit" \(did you mean list\?\)/],
    ['an unknown option', async () => ['list', '.', '--bogus'], /bogus/],
  ])('%s exits 2 with one message on stderr', async (_name, argv, message) => {
    const out = await main(await argv());
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^reachdiff( list)?: /);
    expect(out.stderr).toMatch(message);
    expect(out.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('--help prints the usage and exits 0', async () => {
    for (const flag of ['--help', '-h']) {
      const out = await main([flag]);
      expect(out.exitCode).toBe(0);
      expect(out.stdout).toMatch(/^reachdiff/);
      expect(out.stdout).toContain('reachdiff list <folder|file|rev>');
      expect(out.stderr).toBe('');
    }
  });

  it('no arguments print the usage and exit 2', async () => {
    const out = await main([]);
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toContain('Usage:');
  });
});

describe('a repository of policies only', () => {
  const policyOnly = {
    'np.yaml':
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: payments}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-api, namespace: payments}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - from:\n    - namespaceSelector: {}\n',
  };
  it.each([[[]], [['--exposure']], [['--format', 'json']]])('list %j says why it lists nothing: no workloads, how many policies, what to use instead', async (extra) => {
    const dir = await folder(policyOnly);
    const out = await main(['list', dir, ...(extra as string[])]);
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toContain('reachdiff: no workloads (Deployment, StatefulSet, Pod …) in the manifests, only 2 NetworkPolicies: list pairs workloads;');
    expect(out.stderr).toContain('reachdiff diff');
  });
});
