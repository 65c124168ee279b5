import { SizedCache } from '../../src/util/sized-cache.js';

describe('SizedCache', () => {
  const make = () => new SizedCache<string, string>(10, (_k, v) => v.length, 6);

  it('drops the oldest entries until a new one fits', () => {
    const c = make();
    c.set('a', 'xxxx');
    c.set('b', 'xxxx');
    c.set('c', 'xxxx');
    expect([c.has('a'), c.has('b'), c.has('c')]).toEqual([false, true, true]);
  });

  it('never keeps an entry larger than maxEntry, and keeps the first value of a key', () => {
    const c = make();
    c.set('big', 'xxxxxxx');
    c.set('k', 'one');
    c.set('k', 'two');
    expect([c.has('big'), c.get('k')]).toEqual([false, 'one']);
    c.clear();
    expect(c.has('k')).toBe(false);
  });
});
