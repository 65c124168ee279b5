/**
 * A policy that starts isolating its pods for egress and for ingress at once is one line of the grouped
 * summary, its two effects listed as the headline lists them, not two lines naming the same change
 * (theepicsaxguy/homelab a3d38d19: twenty-five such policies, fifty lines). Fixture
 * test/fixtures/both-directions-start.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'both-directions-start');
const EGRESS = "closes egress from shop/[pod with {app=web}] (pods no other policy isolated for egress in base) to every destination but those head's policies allow (36 paths";
const INGRESS = "and closes shop/[pod with {app=web}] (pods no other policy isolated for ingress in base) to every source but those head's policies admit (26 paths";

it('tells both directions of one policy’s start of isolation on one summary line, in text and Markdown', async () => {
  const text = (await main(['diff', join(FIX, 'base'), join(FIX, 'head')])).stdout.split('\n');
  const at = text.indexOf('62 changed pairs, grouped:');
  expect(at).toBeGreaterThan(0);
  const summary = text.slice(at + 1, text.indexOf('', at));
  expect(summary).toHaveLength(1);
  expect(summary[0]).toMatch(/^ {2}NetworkPolicy shop\/web added \(web-policy\.yaml:1\): /);
  expect(summary[0]).toContain(EGRESS);
  expect(summary[0]).toContain(INGRESS);
  const md = (await main(['diff', join(FIX, 'base'), join(FIX, 'head'), '--format', 'md'])).stdout;
  expect(md.split('\n').filter((l) => l.startsWith('- NetworkPolicy shop/web added'))).toHaveLength(1);
});
