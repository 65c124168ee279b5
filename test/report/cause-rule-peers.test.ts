/**
 * A policy added for pods other policies already isolate (rules given, IsolationCause.isolatedByOthers)
 * whose rules name peers: the cause's sentence names them. Before (new-user trial 34, aws-samples'
 * eks-workshop ui egress policy), the headline said "on any port to the destinations its rules allow there"
 * and named no destination; the same policy with a port got "Opens egress from a/web to b/[pod with
 * {role=api}] …". Fixture test/fixtures/cause-rule-peers: namespace a denies egress; head adds a/web-egress
 * to `{role=api}` pods of every namespace and to kube-system, on any port.
 */
import { join } from 'node:path';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { tempDir } from '../helpers/git.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'cause-rule-peers');
const NAMED = '(its rules name [all namespaces]/[pod with {role=api}] and kube-system/[all pods])';

it('names the peers of the rules the policy gives, in the headline and above its lines', async () => {
  const out = await main(['diff', join(FIX, 'base'), join(FIX, 'head')]);
  const lines = out.stdout.split('\n');
  expect(lines[2]).toBe(
    `Opens egress from a/[pod with {app=web}] (already isolated for egress in base by other policies) on any port to the destinations its rules allow there ${NAMED}: NetworkPolicy a/web-egress added (a.yaml:36); 6 paths: 3 with its workload a/web, 3 with its other pods.`,
  );
  expect(lines.filter((l) => l.startsWith('  Opens egress from a/[pod with {app=web}]') && l.includes(NAMED))).toHaveLength(1);
  const md = await main(['diff', join(FIX, 'base'), join(FIX, 'head'), '--format', 'md']);
  expect(md.stdout).toContain(NAMED);
});

it('leaves them to the lines when the rules name more than four', async () => {
  const dir = await tempDir('reachdiff-cause-peers-');
  await mkdir(join(dir, 'head'));
  const head = await readFile(join(FIX, 'head', 'a.yaml'), 'utf8');
  const more = ['x', 'y', 'z'].map((ns) => `        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${ns}}}\n`).join('');
  await writeFile(join(dir, 'head', 'a.yaml'), head + more);
  const out = await main(['diff', join(FIX, 'base'), join(dir, 'head')]);
  const headline = out.stdout.split('\n')[2];
  expect(headline).toContain('on any port to the destinations its rules allow there: NetworkPolicy a/web-egress added');
  expect(headline).not.toContain('its rules name');
});
