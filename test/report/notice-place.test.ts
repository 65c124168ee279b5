/** A notice's place is said once: not again after a message whose list of positions starts with it. */
import { namesPlace, noticePlace } from '../../src/report/notice-place.js';

describe('noticePlace', () => {
  const ref = { file: 'fixtures/argocd/shop.yaml', line: 1 };

  it('adds the place after a message that does not name it', () => {
    expect(noticePlace({ message: 'Argo CD Application shop is not taken as a deployment', ref })).toBe(' (fixtures/argocd/shop.yaml:1)');
    expect(noticePlace({ message: 'x', ref }, true)).toBe(' (`fixtures/argocd/shop.yaml:1`)');
    expect(noticePlace({ message: 'x' })).toBe('');
  });

  it('adds nothing when the message lists that file and line', () => {
    expect(noticePlace({ message: '63 more controller objects are not taken as deployments: fixtures/argocd/shop.yaml:1, other.yaml:4, …', ref })).toBe('');
  });

  it('reads whole positions only: another line of the file, or a longer path ending alike, is not the place', () => {
    expect(namesPlace('at fixtures/argocd/shop.yaml:12', ref.file, 1)).toBe(false);
    expect(namesPlace('at test/fixtures/argocd/shop.yaml:1', ref.file, 1)).toBe(false);
    expect(namesPlace('(fixtures/argocd/shop.yaml:1)', ref.file, 1)).toBe(true);
  });
});
