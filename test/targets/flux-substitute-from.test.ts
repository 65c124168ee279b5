/**
 * Flux `postBuild.substituteFrom` read from the ConfigMaps and Secrets the repository holds (Flux's
 * Kustomization API, PostBuild): entries in order, inline `substitute` over them, the object nearest the
 * Kustomization when each cluster has its own, a Secret's base64 `data`; what cannot be read is noted.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { tempFolderSync } from '../helpers/git.js';

const repo = (files: Record<string, string>) => new RepoFiles(Object.entries(files).map(([path, text]) => ({ path, text })));
const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n';
const SYNC = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec: {url: "ssh://git@github.com/acme/gitops"}\n';
const ks = (from: string, inline = '{}') =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec:\n  path: ./apps\n  sourceRef: {kind: GitRepository, name: flux-system}\n  postBuild:\n    substitute: ${inline}\n    substituteFrom: ${from}\n`;
const configMap = (name: string, data: string, namespace = 'flux-system') => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: ${namespace}}\ndata: ${data}\n`;

function select(files: Record<string, string>) {
  const sel = discoverTargets(repo({ 'apps/d.yaml': DEPLOY, ...files }));
  return { substitute: sel.targets.map((t) => [t.cluster, t.substitute]), notices: sel.notices.map((n) => n.message) };
}

describe('Flux substituteFrom', () => {
  it('later entries over earlier ones, inline values over them all', () => {
    const { substitute, notices } = select({
      'clusters/prod/sync.yaml': SYNC,
      'clusters/prod/apps.yaml': ks('[{kind: ConfigMap, name: a}, {kind: ConfigMap, name: b}]', '{PORT: "80"}'),
      'clusters/prod/vars.yaml': `${configMap('a', '{CIDR: 10.0.0.0/8, PORT: "1", ZONE: a}')}---\n${configMap('b', '{ZONE: b, PORT: "2"}')}`,
    });
    expect(substitute).toEqual([['prod', { CIDR: '10.0.0.0/8', PORT: '80', ZONE: 'b' }]]);
    expect(notices).toEqual([]);
  });

  it('each cluster reads the object nearest its Kustomization; a ConfigMap of another namespace is not it', () => {
    const { substitute } = select({
      'clusters/prod/sync.yaml': SYNC,
      'clusters/prod/apps.yaml': ks('[{kind: ConfigMap, name: settings}]'),
      'clusters/prod/settings.yaml': configMap('settings', '{ENV: prod}'),
      'clusters/dev/apps.yaml': ks('[{kind: ConfigMap, name: settings}]').replace('name: apps,', 'name: apps-dev,'),
      'clusters/dev/settings.yaml': configMap('settings', '{ENV: dev}'),
      'apps/settings.yaml': configMap('settings', '{ENV: other}', 'shop'),
    });
    expect(substitute).toEqual([
      ['prod', { ENV: 'prod' }],
      ['dev', { ENV: 'dev' }],
    ]);
  });

  it('a Secret: base64 data and stringData; an encrypted one and a missing one are noted', () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: flux-system}\ndata: {TOKEN: aGVsbG8=}\nstringData: {USER: me}\n';
    const sops = 'apiVersion: v1\nkind: Secret\nmetadata: {name: enc, namespace: flux-system}\nstringData:\n  KEY: ENC[AES256_GCM,data:abc]\nsops:\n  mac: ENC[AES256_GCM,data:x]\n';
    const { substitute, notices } = select({
      'clusters/prod/sync.yaml': SYNC,
      'clusters/prod/apps.yaml': ks('[{kind: Secret, name: s}, {kind: Secret, name: enc}, {kind: ConfigMap, name: gone}]'),
      'clusters/prod/secret.yaml': secret,
      'clusters/prod/enc.yaml': sops,
    });
    expect(substitute).toEqual([['prod', { TOKEN: 'hello', USER: 'me' }]]);
    expect(notices).toEqual([expect.stringMatching(/not applied from Secret enc \(encrypted, clusters\/prod\/enc\.yaml:1\), ConfigMap gone \(not in this repository\)/)]);
  });

  it('a variable without a value: where an unread Secret may hold it, the note names that Secret instead of saying Flux empties it', async () => {
    const sops = 'apiVersion: v1\nkind: Secret\nmetadata: {name: cluster-secrets, namespace: flux-system}\nstringData:\n  CIDR: ENC[AES256_GCM,data:abc]\nsops:\n  mac: ENC[AES256_GCM,data:x]\n';
    const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: shop}\nspec:\n  podSelector: {}\n  egress:\n    - to: [{ipBlock: {cidr: "${CIDR}/32"}}]\n';
    const side = (from: string) => tempFolderSync({ 'apps/d.yaml': DEPLOY, 'apps/np.yaml': policy, 'clusters/prod/sync.yaml': SYNC, 'clusters/prod/apps.yaml': ks(from), 'clusters/prod/enc.yaml': sops }, 'reachdiff-subst-');
    const note = async (from: string) => (await main(['diff', side(from), side(from), '--format', 'json'])).stdout;
    const unread = JSON.parse(await note('[{kind: Secret, name: cluster-secrets}]')) as { notices: { message: string }[] };
    expect(unread.notices.map((n) => n.message)).toContain(
      'Flux Kustomization apps: ${CIDR} has no value in postBuild.substitute or the substituteFrom objects read here, and may come from Secret cluster-secrets, whose values are not read here; analysed as the empty string, but an address it leaves empty as unknown (its peer matches nothing)',
    );
    const none = JSON.parse(await note('[]')) as { notices: { message: string }[] };
    expect(none.notices.map((n) => n.message)).toContain('Flux Kustomization apps: ${CIDR} has no value in postBuild.substitute; replaced by the empty string, as Flux does');
  });

  it('several Kustomizations missing the same variables of one unread Secret: one note naming them, not one each', async () => {
    // Modelled on a cluster whose every app Kustomization reads its domain from an encrypted Secret.
    const sops = 'apiVersion: v1\nkind: Secret\nmetadata: {name: cluster-secrets, namespace: flux-system}\nstringData:\n  DOMAIN: ENC[AES256_GCM,data:abc]\nsops:\n  mac: ENC[AES256_GCM,data:x]\n';
    const policy = (app: string, variable: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${app}, namespace: ${app}}\nspec:\n  podSelector: {}\n  egress:\n    - to: [{ipBlock: {cidr: "\${${variable}}/32"}}]\n`;
    const app = (name: string, variable: string) => ({
      [`clusters/prod/${name}.yaml`]: ks('[{kind: Secret, name: cluster-secrets}]').replace('name: apps,', `name: ${name},`).replace('./apps', `./apps/${name}`),
      [`apps/${name}/np.yaml`]: policy(name, variable),
    });
    const dir = tempFolderSync({ 'clusters/prod/sync.yaml': SYNC, 'clusters/prod/enc.yaml': sops, ...app('blog', 'DOMAIN'), ...app('chat', 'DOMAIN'), ...app('wiki', 'DOMAIN'), ...app('mail', 'MAIL_IP') }, 'reachdiff-subst-');
    const json = JSON.parse((await main(['diff', dir, dir, '--format', 'json'])).stdout) as { notices: { message: string }[] };
    expect(json.notices.map((n) => n.message).filter((m) => m.includes('no value'))).toEqual([
      expect.stringMatching(/^3 Flux Kustomizations \(blog, chat, wiki\): \$\{DOMAIN\} has no value in postBuild.substitute or the substituteFrom objects read here, and may come from Secret cluster-secrets/),
      expect.stringMatching(/^Flux Kustomization mail: \$\{MAIL_IP\} has no value/),
    ]);
  });

  it('variables without a value are named as Flux expands them: not those of a generated ConfigMap marked substitute: disabled', async () => {
    const kustomization = 'resources:\n  - d.yaml\n  - np.yaml\nconfigMapGenerator:\n  - name: scripts\n    files: [run.sh]\ngeneratorOptions:\n  disableNameSuffixHash: true\n  annotations:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\n';
    const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: shop}\nspec:\n  podSelector: {}\n  egress:\n    - to: [{ipBlock: {cidr: "${CIDR}/32"}}]\n';
    const dir = tempFolderSync({ 'apps/kustomization.yaml': kustomization, 'apps/d.yaml': DEPLOY, 'apps/np.yaml': policy, 'apps/run.sh': 'echo "${HOME_DIR}" "${1}"\n', 'clusters/prod/sync.yaml': SYNC, 'clusters/prod/apps.yaml': ks('[]') }, 'reachdiff-subst-');
    const json = JSON.parse((await main(['diff', dir, dir, '--format', 'json'])).stdout) as { notices: { message: string }[] };
    // The script's variables stay as written in the ConfigMap (Flux skips it); the policy's is expanded, to nothing.
    expect(json.notices.map((n) => n.message).filter((m) => m.includes('no value'))).toEqual(['Flux Kustomization apps: ${CIDR} has no value in postBuild.substitute; replaced by the empty string, as Flux does']);
    // `targets` builds nothing: it names every variable the files hold without a value.
    const targets = JSON.parse((await main(['targets', dir, '--format', 'json'])).stdout) as { notices: { message: string }[] };
    expect(targets.notices.map((n) => n.message).filter((m) => m.includes('no value'))).toEqual([expect.stringContaining('${CIDR}, ${HOME_DIR}')]);
  });

  it('two equally near objects of one name: neither is taken, a notice says so', () => {
    const { substitute, notices } = select({
      'clusters/prod/sync.yaml': SYNC,
      'clusters/prod/apps.yaml': ks('[{kind: ConfigMap, name: settings}]'),
      'vars/a/settings.yaml': configMap('settings', '{ENV: a}'),
      'vars/b/settings.yaml': configMap('settings', '{ENV: b}'),
    });
    expect(substitute).toEqual([['prod', {}]]);
    expect(notices).toEqual([expect.stringMatching(/ConfigMap settings \(several in this repository, none nearest\)/)]);
  });
});

test('a changed ConfigMap value opens a path; the rollback names the ConfigMap’s file', async () => {
  const dir = join(process.cwd(), 'test', 'fixtures', 'targets', 'f-flux-substitute-from');
  const out = await main(['diff', join(dir, 'base'), join(dir, 'head'), '--format', 'json', '--fail-on', 'never']);
  expect(out.stderr).toBe('');
  const json = JSON.parse(out.stdout) as { pairs: { src: { id: string }; dst: { id: string } }[]; rollback: { notes: string[] } };
  expect(json.pairs.map((p) => [p.src.id, p.dst.id])).toEqual([['0.0.0.0-192.168.9.255,192.168.11.0-255.255.255.255', 'shop/shop[Deployment]']]);
  expect(json.rollback.notes.join(' ')).toMatch(/changed here: clusters\/production\/cluster-settings\.yaml/);
});
