/**
 * A closed pair that two new isolations close at once — its source's egress and its destination's
 * ingress, each alone enough — reads under the source's start of isolation, not as a line of its own per
 * destination. Before, each such pair kept every reason, so no two shared a line: theepicsaxguy/homelab
 * a3d38d19 (thirty namespaces given policies for both directions in one change) printed 25,000 such
 * lines, 30,818 lines of text in all (now about 5,000). Fixture test/fixtures/dual-isolation-start: head
 * isolates alpha's app=a pods for egress, beta's app=b and gamma's app=c pods for ingress; other rules cut
 * each namespace's pods into label combinations.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'dual-isolation-start');
const diff = (format: string) => main(['diff', join(FIX, 'base'), join(FIX, 'head'), '--format', format]);

it('tells a pair both starts close under the source’s start, its every reason kept in the JSON', async () => {
  const text = (await diff('text')).stdout.split('\n');
  const at = text.findIndex((l) => l.startsWith('Closed with pods the manifests do not hold, by rule (330 '));
  expect(at).toBeGreaterThan(0);
  const section = text.slice(at + 1, text.indexOf('', at));
  // Three causes, each its lines one level in; no line left outside them.
  expect(section.filter((l) => /^ {2}\S/.test(l)).map((l) => l.slice(0, l.indexOf(' (pods')))).toEqual([
    '  Closes egress from alpha/[pod with {app=a}]',
    '  Closes beta/[pod with {app=b}]',
    '  Closes gamma/[pod with {app=c}]',
  ]);
  expect(section.filter((l) => l.startsWith('    alpha/'))).toHaveLength(8);
  // The egress start's count takes the pairs the ingress starts close too (162 of its own + 14 shared), and counts
  // as the headline does the 4 listed above it.
  expect(section[0]).toContain('NetworkPolicy alpha/a-egress added (policies.yaml:1); 180 paths (4 listed above)');

  const json = JSON.parse((await diff('json')).stdout) as { pairs: { src: { id: string }; dst: { id: string }; why: { closed: { kind: string; direction: string }[] } }[] };
  const shared = json.pairs.find((p) => p.src.id === 'alpha/a[Deployment]' && p.dst.id === 'beta/b[Deployment]');
  expect(shared?.why.closed.filter((r) => r.kind === 'isolated-by').map((r) => r.direction).sort()).toEqual(['egress', 'ingress']);
});
