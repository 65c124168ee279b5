/** rememberValid: a string found valid is not checked again; one found wrong is checked every time; the memory is bounded. */
import { rememberValid } from '../../src/util/remember-valid.js';

describe('rememberValid', () => {
  it('checks a valid string once, a wrong one every time, and again after the memory is cleared', () => {
    const asked: string[] = [];
    const check = rememberValid((s: string) => (asked.push(s), s.startsWith('bad') ? `${s} is bad` : undefined), 2);
    expect([check('a'), check('a'), check('bad1'), check('bad1')]).toEqual([undefined, undefined, 'bad1 is bad', 'bad1 is bad']);
    expect(asked).toEqual(['a', 'bad1', 'bad1']);
    // Two remembered (a, b): c clears them, so a is checked again.
    expect([check('b'), check('c'), check('c'), check('a')]).toEqual([undefined, undefined, undefined, undefined]);
    expect(asked).toEqual(['a', 'bad1', 'bad1', 'b', 'c', 'a']);
  });
});
