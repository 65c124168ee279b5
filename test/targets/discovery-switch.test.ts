/**
 * A layout target only one side has because discovery changed mode is not removed (or added) by the
 * change (real-eval 12, problem 8: Ramblurr/home-ops 3811e003 added the first Flux Kustomizations, and
 * 12 untouched `archive/` folders, base's top-level kustomizations, read as "removed by this change:
 * 3 paths closed"). Set apart with a note, its paths not counted; one whose files the change edits is
 * still reported.
 */
import { main } from '../../src/cli/main.js';
import { tempFolderSync } from '../helpers/git.js';

const tree = (files: Record<string, string>) => tempFolderSync(files, 'reachdiff-discovery-switch-');

const deployment = (ns: string, name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: c, image: ${name}}]}
`;

const ARCHIVE = {
  'archive/old/app/kustomization.yaml': 'resources: [deploy.yaml]\n',
  'archive/old/app/deploy.yaml': deployment('database', 'influxdb'),
};
const APPS = {
  'k8s/prod/apps/kustomization.yaml': 'resources: [web.yaml]\n',
  'k8s/prod/apps/web.yaml': deployment('web', 'web'),
};
const SYNC = {
  'k8s/prod/flux/sync.yaml': `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: flux-system, namespace: flux-system}
spec:
  interval: 1m
  url: https://example.invalid/home-ops
  ref: {branch: main}
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: apps, namespace: flux-system}
spec:
  interval: 10m
  path: ./k8s/prod/apps
  prune: true
  sourceRef: {kind: GitRepository, name: flux-system}
`,
};

type Json = { summary: { opened: number; closed: number }; targets: { name: string; lifecycle?: string }[]; notices: { code: string; message: string }[] };

describe('targets that appear or disappear only because discovery changed mode', () => {
  it('head gains Flux Kustomizations: an untouched layout target is no longer a target, not removed', async () => {
    const [base, head] = [tree(ARCHIVE), tree({ ...ARCHIVE, ...APPS, ...SYNC })];
    const out = await main(['diff', base, head]);
    expect(out.stdout).not.toContain('removed by this change');
    expect(out.stdout).not.toContain('database/influxdb');
    expect(out.stdout).toContain("note: archive/old/app is no longer a target: head's Flux Kustomizations decide what is deployed and none deploys it (its files are unchanged)");
    expect(out.stdout.split('\n')[0]).toBe('3 paths opened; 2 new findings.');
    const json = JSON.parse((await main(['diff', base, head, '--format', 'json'])).stdout) as Json;
    expect(json.targets.map((t) => t.name)).toEqual(['apps']);
    expect(json.summary).toMatchObject({ opened: 3, closed: 0 });
    expect(json.notices.some((n) => n.code === 'DISCOVERY_CHANGED')).toBe(true);
  });

  it('head\'s parent Flux Kustomization applies only the apps\' Kustomization objects: their untouched folders are no longer targets, not removed', async () => {
    // cluster-apps builds ./apps with the kustomization Flux generates: apps/default is built as its kustomization (the
    // ks.yaml files), never apps/default/web/app, which web's own Kustomization builds (its source unknown here: not analysed).
    const app = { 'apps/default/web/app/kustomization.yaml': 'resources: [deploy.yaml]\n', 'apps/default/web/app/deploy.yaml': deployment('default', 'web') };
    const flux = {
      'flux/cluster.yaml': SYNC['k8s/prod/flux/sync.yaml'].replace('name: apps', 'name: cluster-apps').replace('./k8s/prod/apps', './apps'),
      'apps/default/kustomization.yaml': 'resources: [web/ks.yaml]\n',
      'apps/default/web/ks.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: web, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ./apps/default/web/app\n  prune: true\n  sourceRef: {kind: GitRepository, name: home-kubernetes}\n',
    };
    const out = await main(['diff', tree(app), tree({ ...app, ...flux })]);
    expect(out.stdout).not.toContain('removed by this change');
    expect(out.stdout).not.toContain('paths closed');
    expect(out.stdout).toContain("note: apps/default/web/app is no longer a target: head's Flux Kustomizations decide what is deployed and none deploys it (its files are unchanged)");
    // Its source this repository: head's web deploys the same objects base's layout target did, and nothing opens or closes.
    const known = { ...flux, 'apps/default/web/ks.yaml': flux['apps/default/web/ks.yaml'].replace('home-kubernetes', 'flux-system') };
    const json = JSON.parse((await main(['diff', tree(app), tree({ ...app, ...known }), '--format', 'json'])).stdout) as Json;
    expect(json.summary).toMatchObject({ opened: 0, closed: 0 });
  });

  it('a layout target whose files the change edits is still reported as removed', async () => {
    const edited = { ...ARCHIVE, 'archive/old/app/deploy.yaml': ARCHIVE['archive/old/app/deploy.yaml'].replace('image: influxdb', 'image: influxdb:2') };
    const out = await main(['diff', tree(ARCHIVE), tree({ ...edited, ...APPS, ...SYNC })]);
    expect(out.stdout.split('\n')[0]).toBe('apps (new in this change): 3 paths opened; 2 new findings; archive/old/app (removed by this change): 3 paths closed.');
    expect(out.stdout).not.toContain('DISCOVERY');
    expect(out.stdout).not.toContain('is no longer a target');
    // Its kustomization file alone edited (it holds no object, yet decides what is built): the same.
    const wired = { ...ARCHIVE, 'archive/old/app/kustomization.yaml': 'namespace: database\nresources: [deploy.yaml]\n' };
    const again = await main(['diff', tree(ARCHIVE), tree({ ...wired, ...APPS, ...SYNC })]);
    expect(again.stdout.split('\n')[0]).toContain('archive/old/app (removed by this change): 3 paths closed');
  });

  it('the mirror: head drops its Flux Kustomizations, an untouched layout folder is no new target', async () => {
    const out = await main(['diff', tree({ ...ARCHIVE, ...APPS, ...SYNC }), tree({ ...ARCHIVE, ...APPS })]);
    expect(out.stdout.split('\n')[0]).toBe('No change in allowed connectivity.');
    expect(out.stdout).not.toContain('new in this change');
    expect(out.stdout).toContain("note: archive/old/app is a target only because head has no Flux Kustomizations: head's targets come from its layout, and base's Flux Kustomizations deployed none of it (its files are unchanged)");
  });

  it('a read file holding no Kubernetes object (a Taskfile the plain target lists) changing does not keep it a removed target', async () => {
    const job = 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: wipe, namespace: ops}\nspec:\n  template:\n    spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}\n';
    const plain = { 'ops/wipe.yaml': job, 'Taskfile.yml': 'version: "3"\ntasks:\n  wipe:\n    cmds: [kubectl apply -f ops/wipe.yaml]\n' };
    const edited = { ...plain, 'Taskfile.yml': plain['Taskfile.yml'].replace('wipe:', 'wipe-all:') };
    const json = JSON.parse((await main(['diff', tree({ ...ARCHIVE, ...plain }), tree({ ...ARCHIVE, ...edited, ...APPS, ...SYNC }), '--format', 'json'])).stdout) as Json;
    expect(json.targets.map((t) => t.name)).toEqual(['apps']);
    expect(json.summary).toMatchObject({ opened: 3, closed: 0 });
    expect(json.notices.find((n) => n.code === 'DISCOVERY_CHANGED')?.message).toBe("archive/old/app, plain manifests are no longer targets: head's Flux Kustomizations decide what is deployed and none deploys them (their files are unchanged)");
  });

  it('the mirror with a new ConfigMap beside untouched plain manifests (rafaribe/home-ops 35d9b8abd): no new target, its ConfigMap said', async () => {
    // Files outside every kustomization: a bootstrap DaemonSet file, unchanged, and a ConfigMap of Flux substitution variables head adds.
    const plain = { 'bootstrap/cni.yaml': deployment('kube-system', 'cni').replace('kind: Deployment', 'kind: DaemonSet') };
    const vars = { 'k8s/prod/vars/settings.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cluster-settings, namespace: flux-system}\ndata: {DOMAIN: example.invalid}\n' };
    const out = await main(['diff', tree({ ...plain, ...APPS, ...SYNC }), tree({ ...plain, ...vars, ...APPS })]);
    expect(out.stdout.split('\n')[0]).toBe('No change in allowed connectivity.');
    expect(out.stdout).not.toContain('new in this change');
    expect(out.stdout).toContain(
      "note: plain manifests is a target only because head has no Flux Kustomizations: head's targets come from its layout, and base's Flux Kustomizations deployed none of it (its files are unchanged apart from ConfigMap objects at k8s/prod/vars/settings.yaml:2, which the analysis does not read)",
    );
    // A changed file holding an object the analysis reads (a Service beside the ConfigMap): still a new target.
    const service = { 'k8s/prod/vars/settings.yaml': `${vars['k8s/prod/vars/settings.yaml']}---\napiVersion: v1\nkind: Service\nmetadata: {name: cni, namespace: kube-system}\nspec: {selector: {app: cni}, ports: [{port: 80}]}\n` };
    const again = await main(['diff', tree({ ...plain, ...APPS, ...SYNC }), tree({ ...plain, ...service, ...APPS })]);
    expect(again.stdout.split('\n')[0]).toContain('plain manifests (new in this change)');
  });

  it('several targets in one note, a ConfigMap beside one of them: the note says whose, at its file and line', async () => {
    const plain = { 'bootstrap/cni.yaml': deployment('kube-system', 'cni').replace('kind: Deployment', 'kind: DaemonSet') };
    const vars = { 'k8s/prod/vars/settings.yaml': '# Flux substitution variables\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cluster-settings, namespace: flux-system}\ndata: {DOMAIN: example.invalid}\n' };
    const out = await main(['diff', tree({ ...ARCHIVE, ...plain, ...APPS, ...SYNC }), tree({ ...ARCHIVE, ...plain, ...vars, ...APPS })]);
    expect(out.stdout.split('\n')[0]).toBe('No change in allowed connectivity.');
    expect(out.stdout).toContain(
      "note: archive/old/app, plain manifests are targets only because head has no Flux Kustomizations: head's targets come from its layout, and base's Flux Kustomizations deployed none of them (their files are unchanged apart from ConfigMap objects of plain manifests at k8s/prod/vars/settings.yaml:3, which the analysis does not read)",
    );
  });

  it('a component folder it includes moved by the change (kashalls 36e13c601, templates/ to components/): set apart with its own note, not removed', async () => {
    // base: archive/old/app is a top-level kustomization including ../../../templates/volsync; head moves that folder and adds Flux.
    const volsync = { 'kustomization.yaml': 'resources: [claim.yaml]\n', 'claim.yaml': 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: database}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n' };
    const at = (folder: string) => Object.fromEntries(Object.entries(volsync).map(([k, v]) => [`${folder}/${k}`, v]));
    const app = { ...ARCHIVE, 'archive/old/app/kustomization.yaml': 'resources: [deploy.yaml, ../../../templates/volsync]\n' };
    const out = await main(['diff', tree({ ...app, ...at('templates/volsync') }), tree({ ...app, ...at('components/volsync'), ...APPS, ...SYNC })]);
    expect(out.stdout).not.toContain('removed by this change');
    expect(out.stdout).not.toContain('paths closed');
    expect(out.stdout).toContain(
      "note: archive/old/app is no longer a target: head's Flux Kustomizations decide what is deployed and none deploys it. Its files are unchanged, but this change moves files it reads (templates/volsync/kustomization.yaml to components/volsync/kustomization.yaml and 1 more file), which it still names at their old place: built as head has it, it would fail",
    );
    // Moved and edited in an object the analysis does not read (a claim's size): still set apart, the edit said.
    const resized = at('components/volsync');
    resized['components/volsync/claim.yaml'] = resized['components/volsync/claim.yaml'].replace('1Gi', '2Gi');
    const sized = await main(['diff', tree({ ...app, ...at('templates/volsync') }), tree({ ...app, ...resized, ...APPS, ...SYNC })]);
    expect(sized.stdout).not.toContain('removed by this change');
    expect(sized.stdout).toContain('; its other changed files change only PersistentVolumeClaim objects at base:templates/volsync/claim.yaml:2, which the analysis does not read');
    // Moved and edited where it holds an object the analysis reads (a Service's port): a change of what it deploys, reported as before.
    const service = '---\napiVersion: v1\nkind: Service\nmetadata: {name: influxdb, namespace: database}\nspec: {selector: {app: influxdb}, ports: [{port: 8086}]}\n';
    const [before, edited] = [at('templates/volsync'), at('components/volsync')];
    before['templates/volsync/claim.yaml'] += service;
    edited['components/volsync/claim.yaml'] += service.replace('8086', '8087');
    const again = await main(['diff', tree({ ...app, ...before }), tree({ ...app, ...edited, ...APPS, ...SYNC })]);
    expect(again.stdout.split('\n')[0]).toContain('archive/old/app (removed by this change)');
  });
});
