/** A remote entry at another version is the same entry changed (remote-versions.ts), whatever else it is not. */
import { versionChange } from '../../src/targets/remote-versions.js';

describe('versionChange', () => {
  it('a version segment or a ref/version parameter', () => {
    expect(versionChange('https://github.com/a/b/releases/download/v2.1.0/install.yaml', 'https://github.com/a/b/releases/download/v2.2.0/install.yaml')).toEqual({ from: 'v2.1.0', to: 'v2.2.0' });
    expect(versionChange('github.com/a/b//deploy?ref=main', 'github.com/a/b//deploy?ref=0123abc')).toEqual({ from: 'main', to: '0123abc' });
    expect(versionChange('https://github.com/a/b//deploy?version=1.0&timeout=90s', 'https://github.com/a/b//deploy?version=1.1&timeout=90s')).toEqual({ from: '1.0', to: '1.1' });
    expect(versionChange('https://raw.githubusercontent.com/a/b/v1.2/deploy/x.yaml?ref=v1.2', 'https://raw.githubusercontent.com/a/b/v1.3/deploy/x.yaml?ref=v1.3')).toEqual({ from: 'v1.2', to: 'v1.3' });
  });

  it('a version inside a longer segment, with a v or a dot, whole', () => {
    expect(versionChange('https://example.com/manifests/calico-v3.26.yaml', 'https://example.com/manifests/calico-v3.27.yaml')).toEqual({ from: 'v3.26', to: 'v3.27' });
    expect(versionChange('https://example.com/operator-3.26.1.yaml', 'https://example.com/operator-3.27.0.yaml')).toEqual({ from: '3.26.1', to: '3.27.0' });
    expect(versionChange('https://example.com/x-v1.2.0-rc.1.yaml', 'https://example.com/x-v1.2.0.yaml')).toEqual({ from: 'v1.2.0-rc.1', to: 'v1.2.0' });
    // The segment's version and the file's, the same bump: named once.
    expect(versionChange('https://example.com/v0.14.1/components-v0.14.1.yaml', 'https://example.com/v0.14.2/components-v0.14.2.yaml')).toEqual({ from: 'v0.14.1', to: 'v0.14.2' });
    // Two files, an API version's spelling, a version followed by letters: not versions.
    expect(versionChange('https://example.com/part1.yaml', 'https://example.com/part2.yaml')).toBeUndefined();
    expect(versionChange('https://example.com/crd-v1beta1.yaml', 'https://example.com/crd-v1.yaml')).toBeUndefined();
    expect(versionChange('https://example.com/a-v1.2x.yaml', 'https://example.com/a-v1.3x.yaml')).toBeUndefined();
  });

  it('not a version change: another repository, path or parameter, or the same entry', () => {
    expect(versionChange('github.com/a/b//deploy?ref=v1', 'github.com/a/c//deploy?ref=v2')).toBeUndefined();
    expect(versionChange('github.com/a/b//deploy?ref=v1', 'github.com/a/b//other?ref=v2')).toBeUndefined();
    expect(versionChange('github.com/a/b//deploy?ref=v1&timeout=1m', 'github.com/a/b//deploy?ref=v2&timeout=2m')).toBeUndefined();
    expect(versionChange('github.com/a/b//deploy?ref=v1', 'github.com/a/b//deploy?ref=v1')).toBeUndefined();
  });
});
