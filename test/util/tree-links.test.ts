/** Paths resolved through a tree's symbolic links (git mode 120000 blobs holding the target). */
import { LinkedPaths, MAX_LINK_HOPS, resolveLinks } from '../../src/util/tree-links.js';

describe('resolveLinks', () => {
  const links = new Map([
    ['alias', 'real'],
    ['real/base/shared', '../../common'],
    ['abs', '/etc'],
    ['up', '..'],
    ['loop/up', '..'],
    ['a', 'b'],
    ['b', 'a'],
  ]);

  it('replaces every link on the way by its target, relative to the link folder', () => {
    expect(resolveLinks('alias/base/api.yaml', links)).toEqual({ path: 'real/base/api.yaml' });
    expect(resolveLinks('alias/base/shared/x.yaml', links)).toEqual({ path: 'common/x.yaml' });
    expect(resolveLinks('plain/x.yaml', links)).toEqual({ path: 'plain/x.yaml' });
    expect(resolveLinks('loop/up/alias/x.yaml', links)).toEqual({ path: 'real/x.yaml' });
  });

  it('names a link that leaves the repository', () => {
    expect(resolveLinks('up/x.yaml', links)).toEqual({ outside: { link: 'up', target: '..' } });
    expect(resolveLinks('abs/passwd', links)).toEqual({ outside: { link: 'abs', target: '/etc' } });
  });

  it('ends a cycle: a link met twice in one lookup', () => {
    expect(resolveLinks('a/x', links)).toEqual({ cycle: 'a' });
    expect(resolveLinks('loop/up/loop/up/x', links)).toEqual({ cycle: 'loop/up' });
    const chain = new Map(Array.from({ length: MAX_LINK_HOPS + 1 }, (_, i) => [`l${i}`, `l${i + 1}`]));
    expect(resolveLinks('l0/x', chain)).toEqual({ cycle: `l${MAX_LINK_HOPS}` });
  });

  it('LinkedPaths: a path exists when it, resolved, does; links out of the repository are collected', () => {
    const view = new LinkedPaths(new Set(['real/base/api.yaml']), links);
    expect(view.has('alias/base/api.yaml')).toBe(true);
    expect(view.real('alias/base/api.yaml')).toBe('real/base/api.yaml');
    expect(view.has('up/x.yaml')).toBe(false);
    expect([...view.outside]).toEqual([['up', '..']]);
  });
});
