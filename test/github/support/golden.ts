/** Golden files for the bodies sent to GitHub; rewrite with UPDATE_GOLDEN=1 and review the diff. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const DIR = new URL('../golden/', import.meta.url).pathname;

export function expectGolden(name: string, actual: string | object): void {
  const text = typeof actual === 'string' ? actual : JSON.stringify(actual, null, 2) + '\n';
  const file = join(DIR, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    if (process.env.UPDATE_GOLDEN !== '1') throw new Error(`golden ${name} was missing and has been written; check it and run again`);
  }
  expect(text).toBe(readFileSync(file, 'utf8'));
}
