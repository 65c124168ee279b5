/**
 * A `--render` command that fails on both sides of a diff is named on base whichever side's process ends first:
 * the sides are read at once and their failures taken in the list's order (util/all-in-order.ts), not in time
 * (fold56 measured base 8, head 4 of 12 runs of the same command).
 */
import { main } from '../../src/cli/main.js';
import { allInOrder } from '../../src/util/all-in-order.js';
import { tempFolder } from '../helpers/git.js';

const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: db}\n';

it('names base when base fails after head', async () => {
  const dir = await tempFolder({ 'ns.yaml': ns });
  // Head fails at once, base a little later: Promise.all would have named head.
  const command = 'if [ "$REACHDIFF_SIDE" = head ]; then echo head-broke >&2; exit 3; fi; sleep 1; echo base-broke >&2; exit 4';
  const out = await main(['diff', dir, dir, '--render', command]);
  expect(out.exitCode).toBe(2);
  expect(out.stderr).toMatch(/on base failed \(exit 4\): base-broke\n/);
  expect(out.stderr).not.toMatch(/on head|exit 3/);
});

it('allInOrder rejects with the first failure in order, after every promise settled', async () => {
  const settled: string[] = [];
  const late = new Promise<number>((_r, reject) => setTimeout(() => (settled.push('first'), reject(new Error('first'))), 30));
  const early = Promise.reject(new Error('second')).finally(() => settled.push('second'));
  await expect(allInOrder([late, early])).rejects.toThrow('first');
  expect(settled.sort()).toEqual(['first', 'second']);
  await expect(allInOrder([Promise.resolve(1), Promise.resolve('a')] as const)).resolves.toEqual([1, 'a']);
});
