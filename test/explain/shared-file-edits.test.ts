/**
 * A smallest edit to a file other targets also build (a kustomize base shared by overlays) says what it
 * opens in each of them (fresh-user trial 27, P8: an edit to base/policy.yaml said "(opens nothing else)"
 * while it also opened prod/web → prod/api in overlays/prod). A policy named for something else
 * (`default-deny`, `allow-dns`) is left out when the workload's own policy takes an edit that opens as little.
 */
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';
import { sharedBaseOverlays } from '../helpers/shared-base-overlays.js';

const OVERLAYS = sharedBaseOverlays('default-deny');
/** The base alone: one target, in `default`. */
const BASE = Object.fromEntries(Object.entries(OVERLAYS).filter(([path]) => path.startsWith('base/')));

describe('explain: edits to a file other targets build', () => {
  it('says what the edit opens in the other target, never "opens nothing else" alone', async () => {
    const dir = await tempFolder(OVERLAYS);
    const out = await main(['explain', dir, '--from', 'staging/web', '--to', 'staging/api', '--port', '9090']);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toContain('add TCP 9090 to NetworkPolicy staging/api-in ingress rule 1 (opens nothing else in overlays/staging; also opens prod/web[Deployment] => prod/api[Deployment] on TCP 9090 in overlays/prod, which builds base/policy.yaml too)');
    expect(out.stdout).not.toMatch(/\(opens nothing else\)/);
    const json = JSON.parse((await main(['explain', dir, '--from', 'staging/web', '--to', 'staging/api', '--port', '9090', '--format', 'json'])).stdout);
    const edit = json.explain.directions.find((d: { direction: string }) => d.direction === 'ingress').edits[0];
    expect(edit.alsoOpensElsewhere).toEqual([{ target: 'overlays/prod', file: 'base/policy.yaml', alsoOpens: 1, sample: ['prod/web[Deployment] => prod/api[Deployment] on TCP 9090'] }]);
  });

  it('with --target: still says what the shared file opens in the other target', async () => {
    const dir = await tempFolder(OVERLAYS);
    const out = await main(['explain', dir, '--target', 'overlays/staging', '--from', 'staging/web', '--to', 'staging/api', '--port', '9090']);
    expect(out.stdout).toContain('also opens prod/web[Deployment] => prod/api[Deployment] on TCP 9090 in overlays/prod');
  });

  it('diff --explain: head\'s edits say what they open in the other target too', async () => {
    const [base, head] = await Promise.all([tempFolder(OVERLAYS), tempFolder(OVERLAYS)]);
    const out = await main(['diff', base, head, '--explain', 'staging/web', 'staging/api', '--port', '9090', '--target', 'overlays/staging']);
    expect(out.stdout).toContain('also opens prod/web[Deployment] => prod/api[Deployment] on TCP 9090 in overlays/prod, which builds base/policy.yaml too');
    expect(out.stdout).not.toMatch(/\(opens nothing else\)/);
  });

  it('leaves out a policy named for something else (allow-dns, default-deny) when its own policy takes the edit', async () => {
    const dns = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-dns}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{to: [{namespaceSelector: {}}], ports: [{port: 53, protocol: UDP}]}]\n";
    const dir = await tempFolder({ ...BASE, 'base/policy.yaml': `${BASE['base/policy.yaml']}---\n${dns}` });
    const out = await main(['explain', dir, '--from', 'default/web', '--to', 'default/api', '--port', '9090', '--format', 'json']);
    const egress = JSON.parse(out.stdout).explain.directions.find((d: { direction: string }) => d.direction === 'egress');
    // Each opens nothing else; allow-dns's add-ports once came second (an added port ranked before an added rule), then last.
    expect(egress.edits.map((e: { policy: string }) => e.policy)).toEqual(['default/web-out', 'default/web-out']);
  });
});
