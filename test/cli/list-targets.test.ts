/**
 * `list DIR` on a repository with several targets (overlays of one base) lists each in turn, as `diff`
 * reports them: text in `== NAME ==` sections, JSON as `{schemaVersion, targets: [{name, …}]}` while one
 * target (or `--target NAME`) keeps the contract's shape (fresh-user trial 27, P11: `list .` refused with
 * "list one with --target NAME", so the README's `list ./k8s --format json | jq` failed on overlays).
 */
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';
import { sharedBaseOverlays } from '../helpers/shared-base-overlays.js';

const OVERLAYS = sharedBaseOverlays();

describe('list over several targets', () => {
  it('lists each target in its own section; --target NAME lists one as before', async () => {
    const dir = await tempFolder(OVERLAYS);
    const out = await main(['list', dir]);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toMatch(/^== overlays\/prod ==\nprod\/web\[Deployment\] => prod\/api\[Deployment\] : TCP 8080\n/);
    expect(out.stdout).toContain('\n\n== overlays/staging ==\nstaging/web[Deployment] => staging/api[Deployment] : TCP 8080\n');
    const one = await main(['list', dir, '--target', 'overlays/staging']);
    expect(one.stdout).not.toContain('==');
    expect(one.stdout).toContain('staging/web[Deployment] => staging/api[Deployment] : TCP 8080');
    // A picture draws one target.
    const picture = await main(['list', dir, '--format', 'mermaid']);
    expect(picture.exitCode).toBe(2);
    expect(picture.stderr).toContain('2 targets, each its own cluster (overlays/prod, overlays/staging): --format mermaid draws one target: choose it with --target NAME');
  });

  it('JSON: targets[] of each target’s list JSON after its name, written as JSON.stringify would; one target keeps the contract’s shape', async () => {
    const dir = await tempFolder(OVERLAYS);
    for (const extra of [[], ['--group'], ['--exposure', '--namespace', 'prod']]) {
      const out = await main(['list', dir, '--format', 'json', ...extra]);
      const json = JSON.parse(out.stdout);
      expect(out.stdout).toBe(JSON.stringify(json, null, 2) + '\n');
      expect(Object.keys(json)).toEqual(['schemaVersion', 'targets']);
      expect(json.targets.map((t: { name: string }) => t.name)).toEqual(['overlays/prod', 'overlays/staging']);
      // Each entry is what `--target NAME` prints, with its name instead of schemaVersion.
      for (const t of json.targets) {
        const { schemaVersion, ...own } = JSON.parse((await main(['list', dir, '--format', 'json', '--target', t.name, ...extra])).stdout);
        expect(schemaVersion).toBe(1);
        expect(t).toEqual({ name: t.name, ...own });
      }
    }
    const single = JSON.parse((await main(['list', dir, '--format', 'json', '--target', 'overlays/prod'])).stdout);
    expect(Object.keys(single)).toEqual(['schemaVersion', 'connections', 'warnings', 'findings']);
  });

  it('counts the pairs of all targets against --max-pairs before printing any', async () => {
    const dir = await tempFolder(OVERLAYS);
    const out = await main(['list', dir, '--max-pairs', '1']);
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain('list would print 2 pairs over 2 targets, more than --max-pairs 1');
    expect(out.stderr).toContain('--target NAME (one target)');
    expect((await main(['list', dir, '--max-pairs', '2'])).exitCode).toBe(0);
  });

  it('a target whose build fails is named and its section says so; the others are listed; exit 2', async () => {
    const dir = await tempFolder({ ...OVERLAYS, 'overlays/broken/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [../../missing]\n' });
    const out = await main(['list', dir]);
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toContain('== overlays/broken ==\n(nothing to list: no workload or policy could be read; the errors are on stderr)\n');
    expect(out.stdout).toContain('== overlays/prod ==\nprod/web[Deployment] => prod/api[Deployment] : TCP 8080\n');
    expect(out.stderr).toContain('target overlays/broken: nothing to list: no workload or policy could be read (errors above)');
    expect(out.stderr).toContain('KUSTOMIZE_BUILD_FAILED');
  });
});
