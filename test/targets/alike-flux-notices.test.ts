/**
 * A parent Flux Kustomization that patches one `postBuild.substituteFrom` into every child has each child
 * say the same (values not applied from an encrypted Secret): one note naming them, not one per child.
 */
import { alikeKey, groupedAlikeFluxNotices } from '../../src/targets/alike-flux-notices.js';
import type { Notice } from '../../src/targets/types.js';

const tail = 'postBuild.substituteFrom values not applied from Secret cluster-secrets (encrypted, clusters/prod/secrets.sops.yaml:1); their variables take their defaults';
const of = (name: string, line: number, rest = tail): Notice => ({ code: 'SUBSTITUTION', message: `Flux Kustomization ${name}: ${rest}`, ref: { file: 'clusters/prod/apps.yaml', line } });

test('alike notices of several Kustomizations become one at the first one, naming three and counting the rest (a fourth alone is named)', () => {
  const other: Notice = { code: 'MISSING_ROOT', message: 'Flux Kustomization web: path ./apps/web does not exist in this repository' };
  const out = groupedAlikeFluxNotices([of('a', 2), other, of('b', 12), of('c', 22), of('d', 32), of('e', 42, 'something else')]);
  expect(out.map((n) => [n.message, n.ref?.line])).toEqual([
    [`4 Flux Kustomizations (a, b, c, d): ${tail}`, 2],
    [other.message, undefined],
    ['Flux Kustomization e: something else', 42],
  ]);
});

test("base's group is the same news as head's with one Kustomization more", () => {
  const head = groupedAlikeFluxNotices([of('a', 2), of('b', 12), of('c', 22)]);
  const base = groupedAlikeFluxNotices([of('a', 2), of('b', 12)]);
  expect(alikeKey(base[0])).toBe(alikeKey(head[0]));
  expect(alikeKey({ code: 'RENDERED', message: 'web: render command not run here' })).toBeUndefined();
});
