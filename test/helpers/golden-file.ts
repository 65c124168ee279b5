/** Golden files beside a test (rewrite with UPDATE_GOLDEN=1, or when missing): the renderers cannot rot unseen. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function goldenIn(dir: string): (name: string, actual: string) => void {
  return (name, actual) => {
    const file = join(dir, name);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, actual);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  };
}
