/**
 * A namespace the API server refuses is refused wherever the user gives one: `--namespace` for every command
 * (only `list` checked it), a configured target's `namespace` and its chart's release namespace, and the
 * Action's `namespace` input. Before, `targets`, `lint`, `diff` and `explain` placed namespace-less objects in
 * `Bad_NS` silently (new-user trial 35). Fixture: test/fixtures/bad-namespace-setting (hand-written).
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const dir = join('test', 'fixtures', 'bad-namespace-setting');
const MESSAGE = 'must be a lowercase DNS-1123 label (at most 63 characters)';

it.each([
  ['targets', ['targets', '--repo', 'examples/head', '--namespace', 'Bad_NS']],
  ['lint', ['lint', 'examples/head', '--namespace', 'Bad_NS']],
  ['diff', ['diff', 'examples/base', 'examples/head', '--namespace', 'Bad_NS']],
  ['explain', ['explain', 'examples/head', '--from', 'shop/cart', '--to', 'data/redis', '--namespace', 'Bad_NS']],
  ['list', ['list', 'examples/head', '--namespace', 'Bad_NS']],
])('%s --namespace Bad_NS: exit 2, the flag and why', async (_name, args) => {
  const out = await main(args);
  expect(out.exitCode).toBe(2);
  expect(out.stderr).toContain(`--namespace: namespace "Bad_NS" ${MESSAGE}`);
});

it("a configured target's namespace and its chart's: each at its line, exit 2", async () => {
  const out = await main(['targets', '--repo', dir]);
  expect(out.exitCode).toBe(2);
  expect(out.stderr).toContain(`.github/reachdiff.yml:5: targets[0].namespace: namespace "Shop_Prod" ${MESSAGE}`);
  expect(out.stderr).toContain(`.github/reachdiff.yml:6: targets[0].helm.namespace: namespace "web team" ${MESSAGE}`);
});
