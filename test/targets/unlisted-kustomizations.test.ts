/**
 * A Flux Kustomization switched off by commenting its entry out of the namespace folder's kustomization
 * (`#- ./vault/ks.yaml`) deploys nothing: Flux builds cluster-apps' path through that kustomization, which
 * does not list it. Read as committed it was a target of its own, and deleting the app's folder read as
 * opening its pods to everything (d4rkfella/home-ops). The same app listed is analysed as before.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';
import { noticePlace } from '../../src/report/notice-place.js';

type Files = Record<string, string>;
const URL = 'https://github.com/example/homelab';
const SYNC = `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  url: ${URL}\n  ref: {branch: main}\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: cluster-apps, namespace: flux-system}\nspec:\n  path: ./apps\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
const fluxApp = (name: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  targetNamespace: tools\n  path: ./apps/tools/${name}/app\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
const workload = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: vault}\nspec:\n  podSelector: {matchLabels: {app: vault}}\n  policyTypes: [Ingress]\n  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]\n';

/** `vaultListed`: the tools folder lists vault's ks.yaml (else the entry is commented out); `vault`: its folder exists, with `policy`. */
const tree = (vaultListed: boolean, vault: boolean, policy = DENY): Files => ({
  'clusters/prod/sync.yaml': SYNC,
  'apps/tools/kustomization.yaml': `resources:\n  - ./web/ks.yaml\n${vaultListed ? '' : '#'}  - ./vault/ks.yaml\n`,
  'apps/tools/web/ks.yaml': fluxApp('web'),
  'apps/tools/web/app/kustomization.yaml': 'resources: [deploy.yaml]\n',
  'apps/tools/web/app/deploy.yaml': workload('web'),
  ...(vault
    ? {
        'apps/tools/vault/ks.yaml': fluxApp('vault'),
        'apps/tools/vault/app/kustomization.yaml': 'resources: [deploy.yaml, policy.yaml]\n',
        'apps/tools/vault/app/deploy.yaml': workload('vault'),
        'apps/tools/vault/app/policy.yaml': policy,
      }
    : {}),
});
const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));
const changed = async (base: Files, head: Files) => {
  const r = await analyzeTargets(asList(base), asList(head), { discover: { repoUrls: [URL] } });
  return { opened: r.combined.pairs.filter((p) => p.opened).length, closed: r.combined.pairs.filter((p) => p.closed).length };
};
const OPEN = DENY.replace('{matchLabels: {app: web}}', '{}');

it('a switched-off app is no target: a notice names it and the kustomization that leaves it out', () => {
  const sel = discoverTargets(new RepoFiles(asList(tree(false, true))), { repoUrls: [URL] });
  expect(sel.targets.map((t) => t.name).sort()).toEqual(['cluster-apps', 'web']);
  expect(sel.notices.filter((n) => n.code === 'UNLISTED_KUSTOMIZATIONS').map((n) => `${n.ref?.file}:${n.ref?.line} ${n.message}`)).toEqual([
    "apps/tools/kustomization.yaml:3 Left out as switched off: Flux Kustomization vault (apps/tools/vault/ks.yaml): apps/tools/kustomization.yaml:3 comments out its entry and no deployed Flux Kustomization's build reads it, so it deploys nothing and is not a target (uncomment that entry to deploy it)",
  ]);
});

it('several switched-off apps: one notice that reads for several, by the kustomizations that leave them out', () => {
  const app = (ns: string, name: string): Files => ({ [`apps/${ns}/${name}/ks.yaml`]: fluxApp(name).replace(`./apps/tools/${name}/app`, `./apps/${ns}/${name}/app`), [`apps/${ns}/${name}/app/kustomization.yaml`]: 'resources: [deploy.yaml]\n', [`apps/${ns}/${name}/app/deploy.yaml`]: workload(name) });
  const notice = (files: Files) =>
    discoverTargets(new RepoFiles(asList(files)), { repoUrls: [URL] }).notices.filter((n) => n.code === 'UNLISTED_KUSTOMIZATIONS').map((n) => n.message);
  const oneFolder = { ...tree(false, true), ...app('tools', 'redis') };
  expect(notice(oneFolder)).toEqual([
    "Left out as switched off: 2 Flux Kustomizations (vault and redis), which apps/tools/kustomization.yaml does not list and no deployed Flux Kustomization's build reads: they deploy nothing and are not targets (list them in that kustomization to deploy them)",
  ]);
  const twoFolders = { ...oneFolder, 'apps/kustomization.yaml': 'resources: [./tools, ./db]\n', 'apps/db/kustomization.yaml': 'resources: []\n', ...app('db', 'pg') };
  expect(notice(twoFolders)).toEqual([
    "Left out as switched off: 3 Flux Kustomizations (vault, redis and pg), which apps/tools/kustomization.yaml and apps/db/kustomization.yaml do not list and no deployed Flux Kustomization's build reads: they deploy nothing and are not targets (list each in its kustomization to deploy it)",
  ]);
});

it("deleting a switched-off app's folder, or opening its policy, changes nothing", async () => {
  expect(await changed(tree(false, true), tree(false, false))).toEqual({ opened: 0, closed: 0 });
  expect(await changed(tree(false, true), tree(false, true, OPEN))).toEqual({ opened: 0, closed: 0 });
});

it('listed, the same app is a target and opening its policy opens paths', async () => {
  const sel = discoverTargets(new RepoFiles(asList(tree(true, true))), { repoUrls: [URL] });
  expect(sel.targets.map((t) => t.name).sort()).toEqual(['cluster-apps', 'vault', 'web']);
  expect(sel.notices.map((n) => n.code)).not.toContain('UNLISTED_KUSTOMIZATIONS');
  expect((await changed(tree(true, true), tree(true, true, OPEN))).opened).toBeGreaterThan(0);
});

it("a switched-off app's changed policy is said not deployed, per file and in the headline, and the check stays neutral (never a plain no change)", async () => {
  const [b, h] = await Promise.all([tempFolder(tree(false, true)), tempFolder(tree(false, true, OPEN))]);
  const text = await main(['diff', b, h]);
  expect(text.exitCode).toBe(0);
  expect(text.stdout).toMatch(/^No change found in what was analysed; not analysed: apps\/tools\/vault\/app\/policy\.yaml, not deployed \(Flux Kustomization vault is switched off\)\./);
  // At the commented-out entry, named once: the words name the place, so it is not said again after them.
  expect(text.stdout).toContain('Not deployed, not analysed: a changed file holding policies under the path of Flux Kustomization vault, which is switched off (apps/tools/kustomization.yaml:3 comments out its entry, and no deployed build reads apps/tools/vault/ks.yaml), so this change deploys nothing of it: apps/tools/vault/app/policy.yaml. To deploy it and have the change analysed, uncomment that entry.\n');
  expect(text.stdout).toContain("note: Left out as switched off: Flux Kustomization vault (apps/tools/vault/ks.yaml): apps/tools/kustomization.yaml:3 comments out its entry and no deployed Flux Kustomization's build reads it, so it deploys nothing and is not a target (uncomment that entry to deploy it)\n");
  expect(text.stdout).not.toContain('under targets: in the configuration');
  const json = JSON.parse((await main(['diff', b, h, '--format', 'json'])).stdout) as { summary: Record<string, number> };
  expect(json.summary).toEqual({ opened: 0, closed: 0, errors: 0, notAnalysedInputs: 1 });
  const notices = (JSON.parse((await main(['diff', b, h, '--format', 'json'])).stdout) as { notices: { code: string; file?: string; line?: number }[] }).notices;
  expect(notices.filter((n) => n.code === 'OUTSIDE_TARGETS' || n.code === 'UNLISTED_KUSTOMIZATIONS').map((n) => `${n.code} ${n.file}:${n.line}`)).toEqual(['UNLISTED_KUSTOMIZATIONS apps/tools/kustomization.yaml:3', 'OUTSIDE_TARGETS apps/tools/kustomization.yaml:3']);
});

it('an app its kustomization leaves out without a commented-out entry: the notes name its document, once', async () => {
  const files = { ...tree(false, true), 'apps/tools/kustomization.yaml': 'resources:\n  - ./web/ks.yaml\n' };
  const sel = discoverTargets(new RepoFiles(asList(files)), { repoUrls: [URL] });
  expect(sel.notices.filter((n) => n.code === 'UNLISTED_KUSTOMIZATIONS').map((n) => `${n.ref?.file}:${n.ref?.line} ${n.message}`)).toEqual([
    "apps/tools/vault/ks.yaml:1 Left out as switched off: Flux Kustomization vault (apps/tools/vault/ks.yaml:1), which apps/tools/kustomization.yaml does not list and no deployed Flux Kustomization's build reads: it deploys nothing and is not a target (list it in that kustomization to deploy it)",
  ]);
  const [b, h] = await Promise.all([tempFolder(files), tempFolder({ ...files, 'apps/tools/vault/app/policy.yaml': OPEN })]);
  const text = (await main(['diff', b, h])).stdout;
  expect(text).toContain('which is switched off (apps/tools/kustomization.yaml does not list apps/tools/vault/ks.yaml:1, and no deployed build reads it), so this change deploys nothing of it: apps/tools/vault/app/policy.yaml. To deploy it and have the change analysed, list apps/tools/vault/ks.yaml in apps/tools/kustomization.yaml.\n');
  expect(text).not.toMatch(/\(apps\/tools\/vault\/ks\.yaml:1\)\.?\n/);
});

it('several apps switched off by commented-out entries: the notice names each entry line in its words, so no place is said twice', () => {
  const files = { ...tree(false, true), 'apps/tools/kustomization.yaml': 'resources:\n  - ./web/ks.yaml\n#  - ./vault/ks.yaml\n#  - ./redis/ks.yaml\n', 'apps/tools/redis/ks.yaml': fluxApp('redis'), 'apps/tools/redis/app/kustomization.yaml': 'resources: [deploy.yaml]\n', 'apps/tools/redis/app/deploy.yaml': workload('redis') };
  const notices = discoverTargets(new RepoFiles(asList(files)), { repoUrls: [URL] }).notices.filter((n) => n.code === 'UNLISTED_KUSTOMIZATIONS');
  expect(notices.map((n) => `${n.ref?.file}:${n.ref?.line} ${n.message}`)).toEqual([
    "apps/tools/kustomization.yaml:3 Left out as switched off: 2 Flux Kustomizations (vault and redis): apps/tools/kustomization.yaml:3 and apps/tools/kustomization.yaml:4 comment out their entries and no deployed Flux Kustomization's build reads them, so they deploy nothing and are not targets (uncomment those entries to deploy them)",
  ]);
  expect(noticePlace(notices[0])).toBe('');
});

it('several switched-off apps, one without a commented-out entry: the notice is at the first one\'s document, which the words do not name', () => {
  const app = { 'apps/tools/redis/ks.yaml': fluxApp('redis'), 'apps/tools/redis/app/kustomization.yaml': 'resources: [deploy.yaml]\n', 'apps/tools/redis/app/deploy.yaml': workload('redis') };
  const notices = discoverTargets(new RepoFiles(asList({ ...tree(false, true), ...app })), { repoUrls: [URL] }).notices.filter((n) => n.code === 'UNLISTED_KUSTOMIZATIONS');
  expect(notices.map((n) => noticePlace(n))).toEqual([' (apps/tools/vault/ks.yaml:1)']);
});

it('the not-deployed note under the verdict ends with a full stop in Markdown and JSON too', async () => {
  const [b, h] = await Promise.all([tempFolder(tree(false, true)), tempFolder(tree(false, true, OPEN))]);
  const md = (await main(['diff', b, h, '--format', 'md'])).stdout;
  expect(md).toContain('> ⚠️ Not deployed, not analysed: a changed file holding policies under the path of Flux Kustomization vault');
  expect(md).toContain('To deploy it and have the change analysed, uncomment that entry.\n');
  const notices = (JSON.parse((await main(['diff', b, h, '--format', 'json'])).stdout) as { notices: { code: string; message: string }[] }).notices;
  expect(notices.filter((n) => n.code === 'OUTSIDE_TARGETS').map((n) => n.message.slice(-42))).toEqual(['the change analysed, uncomment that entry.']);
});

describe("a Flux Kustomization whose own folder's kustomization lists it, in a folder its parent's build leaves out", () => {
  // apps/kustomization.yaml builds cluster-apps' path and lists ./tools only: apps/lab (its kustomization listing ks.yaml) is read by no build.
  const DENY_WEB = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-web}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n';
  const listed = { ...tree(false, false), 'apps/kustomization.yaml': 'resources: [./tools]\n' };
  const lab: Files = {
    'apps/lab/kustomization.yaml': 'resources: [./vault/ks.yaml]\n',
    'apps/lab/vault/ks.yaml': fluxApp('vault').replace('./apps/tools/vault/app', './apps/lab/vault/app'),
    'apps/lab/vault/app/kustomization.yaml': 'resources: [policy.yaml]\n',
    'apps/lab/vault/app/policy.yaml': DENY_WEB,
  };

  it('is no deployment of that cluster: a notice names the kustomization that leaves it out, and its policy closes nothing there', async () => {
    const sel = discoverTargets(new RepoFiles(asList({ ...listed, ...lab })), { repoUrls: [URL] });
    expect(sel.targets.map((t) => t.name).sort()).toEqual(['cluster-apps', 'web']);
    expect(sel.notices.filter((n) => n.code === 'UNLISTED_KUSTOMIZATIONS').map((n) => n.message)).toEqual([
      "Left out as switched off: Flux Kustomization vault (apps/lab/vault/ks.yaml:1), which apps/kustomization.yaml does not list and no deployed Flux Kustomization's build reads: it deploys nothing and is not a target (list it in that kustomization to deploy it)",
    ]);
    expect(await changed(listed, { ...listed, ...lab })).toEqual({ opened: 0, closed: 0 });
  });

  it('listed there, it is a deployment of the cluster and its policy closes paths', async () => {
    const withLab = { ...listed, 'apps/kustomization.yaml': 'resources: [./tools, ./lab]\n' };
    expect((await changed(withLab, { ...withLab, ...lab })).closed).toBeGreaterThan(0);
  });
});

it("a switched-off Kustomization of another repository's source holds none of this tree's files: a changed file no build reads is not said to be under its path", async () => {
  // No spec.path: the other repository's root, not this one's (real repositories 41: an upstream CRDs Kustomization, left out of its folder's kustomization).
  const crds = `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: upstream, namespace: flux-system}\nspec:\n  url: https://github.com/example/upstream\n  ref: {tag: v1}\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: upstream-crds, namespace: flux-system}\nspec:\n  sourceRef: {kind: GitRepository, name: upstream}\n`;
  const files = { ...tree(true, true), 'apps/kustomization.yaml': 'resources: [./tools]\n', 'apps/tools/crds/ks.yaml': crds, 'apps/mail/kustomization.yaml': 'resources: []\n', 'apps/mail/policy.yaml': DENY };
  const [b, h] = await Promise.all([tempFolder(files), tempFolder({ ...files, 'apps/mail/policy.yaml': OPEN })]);
  const text = (await main(['diff', b, h])).stdout;
  expect(text).not.toContain('upstream-crds, which is switched off');
  expect(text).not.toContain('list apps/tools/crds/ks.yaml');
  expect(text).toContain('apps/mail/policy.yaml');
  expect(text).toMatch(/^No change found in what was analysed; not analysed: /);
});

it("the root `flux bootstrap` applies is not switched off: its own path holds its file, so no build of a folder above deploys it, whatever that folder's kustomization lists", () => {
  // rust84/k8s-gitops (real repositories 45): clusters/prod/kustomization.yaml lists apps.yaml and not flux-system/;
  // upstream CRDs from another repository's root (no spec.path) made every file here lie "in a path".
  const gotkSync = `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  url: ${URL}\n  ref: {branch: main}\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  path: ./clusters/prod\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
  const apps = SYNC.split('---\n')[1].replace('cluster-apps', 'apps');
  const crds = `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: upstream, namespace: flux-system}\nspec:\n  url: https://github.com/example/upstream\n  ref: {tag: v1}\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: upstream-crds, namespace: flux-system}\nspec:\n  sourceRef: {kind: GitRepository, name: upstream}\n`;
  const files: Files = {
    'clusters/prod/flux-system/gotk-sync.yaml': gotkSync,
    'clusters/prod/flux-system/gotk-components.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: flux-system}\n',
    'clusters/prod/flux-system/kustomization.yaml': 'resources: [gotk-components.yaml, gotk-sync.yaml]\n',
    'clusters/prod/kustomization.yaml': 'resources: [apps.yaml, crds]\n',
    'clusters/prod/apps.yaml': apps,
    'clusters/prod/crds/kustomization.yaml': 'resources: [crds.yaml]\n',
    'clusters/prod/crds/crds.yaml': crds,
    'apps/web/deploy.yaml': workload('web'),
  };
  const sel = discoverTargets(new RepoFiles(asList(files)), { repoUrls: [URL] });
  expect(sel.notices.filter((n) => n.code === 'UNLISTED_KUSTOMIZATIONS').map((n) => n.message)).toEqual([]);
  expect(sel.switchedOff ?? []).toEqual([]);
  expect(sel.targets.map((t) => t.name)).toContain('flux-system');
  // Bootstrap applies the root's whole file: another Kustomization written there before it is not switched off either.
  const both = { ...files, 'clusters/prod/flux-system/gotk-sync.yaml': `${apps.replace('name: apps', 'name: infra').replace('./apps', './infra')}---\n${gotkSync}`, 'infra/deploy.yaml': workload('infra') };
  const withInfra = discoverTargets(new RepoFiles(asList(both)), { repoUrls: [URL] });
  expect(withInfra.switchedOff ?? []).toEqual([]);
  expect(withInfra.targets.map((t) => t.name)).toEqual(expect.arrayContaining(['flux-system', 'infra']));
});
