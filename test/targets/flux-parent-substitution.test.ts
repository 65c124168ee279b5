/**
 * A parent Flux Kustomization's post-build variables reach the child Kustomizations its build deploys
 * (`ADDR: "${ADDR}"` passed on), and a child's `targetNamespace` replaces the placeholder namespace its files
 * write (`namespace: _`): neither is an error, and the policy is applied where Flux applies it. New-user
 * trial 35 on deedee-ops/home-ops: both patterns gave MANIFEST_REJECTED errors (5 in its `lint`) and left the
 * policies out. Fixture: test/fixtures/flux-parent-substitution (hand-written).
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { main } from '../../src/cli/main.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';

const dir = join('test', 'fixtures', 'flux-parent-substitution');
const FILES = ['clusters/prod/entry.yaml', 'clusters/prod/web.yaml', 'apps/web/kustomization.yaml', 'apps/web/app.yaml'];

it("the child's substitute values carry the parent's; a variable the parent does not set stays as written", () => {
  const files = new RepoFiles(FILES.map((path) => ({ path, text: readFileSync(join(dir, path), 'utf8') })));
  const web = discoverTargets(files).targets.find((t) => t.name === 'web')!;
  expect(web.substitute).toEqual({ ADDR: '192.0.2.7', UNSET: '${NOT_IN_PARENT}' });
});

it('lint: no error for the placeholder namespace nor the substituted CIDR; the policy isolates web/web', async () => {
  const out = await main(['lint', dir, '--format', 'json']);
  const json = JSON.parse(out.stdout) as { findings: { code: string; message: string }[] };
  expect(json.findings.filter((f) => f.code === 'MANIFEST_REJECTED')).toEqual([]);
  // The egress policy applies (in web): its one rule allows 192.0.2.7/32, not DNS.
  expect(json.findings.map((f) => f.code)).toContain('DNS_EGRESS_MISSING');
  const list = await main(['list', dir]);
  expect(list.stdout).toContain('web/web[Deployment] => 192.0.2.7/32 : All Connections');
});

describe("a child's path written with the parent's variable (joryirving/home-ops: path: ./kubernetes/apps/${CLUSTER}/…)", () => {
  const fixture = join('test', 'fixtures', 'flux-parent-path');
  const paths = ['clusters/entry.yaml', 'clusters/prod/apps.yaml', 'apps/prod/web.yaml', 'workloads/prod/web/kustomization.yaml', 'workloads/prod/web/app.yaml', 'workloads/prod/api/kustomization.yaml', 'workloads/prod/api/app.yaml'];
  const selection = () => discoverTargets(new RepoFiles(paths.map((path) => ({ path, text: readFileSync(join(fixture, path), 'utf8') }))));

  it('is the folder the parent names, through a chain of pass-throughs; a child with substitution disabled stays a template', () => {
    const s = selection();
    const byName = new Map(s.targets.map((t) => [t.name, t]));
    expect(byName.get('apps')?.roots).toEqual(['apps/prod']);
    expect(byName.get('web')?.roots).toEqual(['workloads/prod/web']);
    expect(byName.has('api')).toBe(false);
    const notices = s.notices.map((n) => n.message).join('\n');
    expect(notices).toContain('Flux Kustomization api is not taken as a deployment: it is a template');
    expect(notices).not.toContain('Flux Kustomization web is not taken');
  });

  it('list: the policy of the build the child deploys isolates web/web', async () => {
    const out = await main(['list', fixture]);
    expect(out.stdout).toContain('web/web[Deployment] => 0.0.0.0/0, ::/0 : All Connections');
    expect(out.stdout).not.toMatch(/=> web\/web\[Deployment\]/);
  });
});
