/**
 * The JSON contract ships with the repository (docs/OUTPUT-CONTRACT.md) so that a clone has it; the copy
 * of record is the team's design folder beside the checkout, and the two must not drift.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithShared, sharedDesign } from '../helpers/shared-data.js';

const recordCopy = sharedDesign('OUTPUT-CONTRACT.md');

describeWithShared(recordCopy)('docs/OUTPUT-CONTRACT.md', () => {
  it('is the design folder\'s contract, word for word', () => {
    expect(readFileSync(join(process.cwd(), 'docs', 'OUTPUT-CONTRACT.md'), 'utf8')).toBe(readFileSync(recordCopy!, 'utf8'));
  });
});

it('the README points at the copy that ships with the repository', () => {
  const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
  expect(readme).toContain('docs/OUTPUT-CONTRACT.md');
  expect(readme).not.toMatch(/\.\.\/shared\/design/);
});
