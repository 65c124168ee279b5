/**
 * A `.json` manifest is read as kubectl reads it: text starting with `{` goes to Go's encoding/json
 * (apimachinery's YAMLOrJSONDecoder), which refuses a trailing comma, comments, single quotes and unquoted
 * keys that js-yaml (YAML's flow style) accepts. Such a file is a YAML_SYNTAX error at the offending line,
 * like any file that does not parse, and the other files are still read. Before, the policy of
 * test/fixtures/json-trailing-comma/web.json (a comma after its last field) was analysed as applied.
 */
import { readFileSync } from 'node:fs';
import { main } from '../../src/cli/main.js';
import { loadManifests } from '../../src/manifests/load.js';
import { jsonSyntaxError } from '../../src/manifests/json-syntax.js';

const FIXTURE = 'test/fixtures/json-trailing-comma';
const read = (name: string) => ({ path: name, text: readFileSync(`${FIXTURE}/${name}`, 'utf8') });

it('a trailing comma in a .json manifest: an error at the comma, the policy not read, the other files read', async () => {
  const loaded = loadManifests([read('web.json'), read('app.yaml')]);
  expect(loaded.diagnostics.map((d) => [d.severity, d.code, `${d.ref.file}:${d.ref.line}`])).toEqual([['error', 'YAML_SYNTAX', 'web.json:7']]);
  expect(loaded.diagnostics[0].message).toMatch(/^cannot parse: a comma before "}": JSON allows no trailing comma/);
  expect(loaded.cluster.policies).toEqual([]);
  expect(loaded.cluster.workloads.map((w) => w.id)).toEqual(['shop/web[Deployment]']);
  const out = await main(['list', FIXTURE]);
  expect(out.stderr).toMatch(/^web\.json:7: error: cannot parse: a comma before "}"/m);
  expect(out.stdout).toContain('0.0.0.0/0, ::/0 => shop/web[Deployment] : All Connections');
});

it.each([
  ['valid JSON', '{"a": [1, 2.5e3, -0, true, null, "x\\n\\u00e9"], "b": {}}\n', undefined],
  ['a stream of objects (kubectl reads each)', '{"a": 1}\n{"b": 2}\n', undefined],
  ['a byte order mark first', '\ufeff{"a": 1}', undefined],
  ['a trailing comma in a list', '{\n  "a": [1,\n    2,\n  ]\n}', [3, /^a comma before "]"/]],
  ['a comment', '{\n  // note\n  "a": 1\n}', [2, /^invalid character "\/" looking for beginning of object key string/]],
  ['single quotes', "{\n  'a': 1\n}", [2, /^invalid character "'" looking for beginning of object key string/]],
  ['an unquoted key', '{\n  a: 1\n}', [2, /^invalid character "a" looking for beginning of object key string/]],
  ['a missing comma', '{\n  "a": 1\n  "b": 2\n}', [3, /^invalid character "\\"" after object key:value pair/]],
  ['cut short', '{\n  "a": [1,', [2, /^unexpected end of JSON input/]],
  ['a bare word value', '{"a": yes}', [1, /^invalid character "y" looking for beginning of value/]],
] as const)('%s', (_name, text, expected) => {
  const error = jsonSyntaxError(text);
  if (expected === undefined) expect(error).toBeUndefined();
  else expect([error?.line, error?.message]).toEqual([expected[0], expect.stringMatching(expected[1])]);
});

it('a .yaml file with a trailing comma in flow style is YAML, and a .json file not starting with "{" is read as YAML, as kubectl does', () => {
  const policy = '{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: p, namespace: a}, spec: {podSelector: {},},}\n';
  expect(loadManifests([{ path: 'p.yaml', text: `# flow style\n${policy}` }]).diagnostics).toEqual([]);
  expect(loadManifests([{ path: 'p.json', text: `[${policy.trim()}]` }]).diagnostics.map((d) => d.code)).not.toContain('YAML_SYNTAX');
});
