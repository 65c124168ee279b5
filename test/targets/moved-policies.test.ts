/**
 * A target whose policy objects moved into another target, with every file edited on the way, is folded
 * into it (operator-framework/operator-marketplace 481455951 reduced: a policy kustomization moved into
 * the plain manifests, annotations added to each policy, one rewritten). A target whose policies are gone
 * is still reported as opening what they closed, and a partial move reports exactly the policies gone.
 */
import { main } from '../../src/cli/main.js';
import { movedTo } from '../../src/targets/moved-policies.js';
import type { PolicySides } from '../../src/targets/moved-policies.js';
import { git, tempDir, writeFiles } from '../helpers/git.js';

const policy = (name: string, spec: string, annotations = '') =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: market\n${annotations}spec:\n${spec}`;
const DENY = '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n';
const OPERATOR = '  podSelector: {matchLabels: {name: operator}}\n  ingress:\n  - ports: [{port: 8081}]\n  egress:\n  - ports: [{port: 6443}]\n';
const UNPACK = '  podSelector: {matchLabels: {job: unpack}}\n  policyTypes: [Egress]\n  egress:\n  - ports: [{port: 6443}]\n';
const NOTED = '  annotations:\n    capability.openshift.io/name: marketplace\n';
const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: operator, namespace: market}\nspec:\n  selector: {matchLabels: {name: operator}}\n  template:\n    metadata: {labels: {name: operator}}\n    spec: {containers: [{name: c, image: op}]}\n';

/** Base: the policies in their own kustomization, the operator in the plain manifests. */
const BASE = {
  'manifests/01_deploy.yaml': DEPLOY,
  'config/networkpolicy/kustomization.yaml': 'resources:\n- default-deny.yaml\n- operator.yaml\n- unpack.yaml\n',
  'config/networkpolicy/default-deny.yaml': policy('default-deny-all', DENY),
  'config/networkpolicy/operator.yaml': policy('operator', OPERATOR),
  'config/networkpolicy/unpack.yaml': policy('unpack', UNPACK),
};
/** The policies moved into the plain manifests, each file edited (annotations; the deny rewritten in block style). */
const MOVED = {
  'manifests/01_deploy.yaml': DEPLOY,
  'manifests/13_default-deny.yaml': policy('default-deny-all', '  podSelector: {}\n  policyTypes:\n    - Ingress\n    - Egress\n', NOTED),
  'manifests/14_operator.yaml': policy('operator', OPERATOR, NOTED),
  'manifests/15_unpack.yaml': policy('unpack', UNPACK, NOTED),
};

/** A git repository whose HEAD^ holds `base` and HEAD holds `head` (git sees the moved files as renames). */
async function repoOf(base: Record<string, string>, head: Record<string, string>): Promise<string> {
  const repo = await tempDir('reachdiff-moved-policies-');
  git(repo, 'init', '-q', '-b', 'main');
  for (const [files, message] of [[base, 'base'], [head, 'head']] as const) {
    if (message === 'head') git(repo, 'rm', '-q', '-r', '.');
    await writeFiles(repo, Object.entries(files).map(([path, text]) => ({ path, text })));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', message);
  }
  return repo;
}

interface Json {
  targetSelection: { how: string };
  targets: { name: string; pairs: { opened: unknown; closed: unknown }[]; rollback: { documents: { key: string; file: string }[]; remainingOpened: number } }[];
}

async function diff(base: Record<string, string>, head: Record<string, string>): Promise<Json> {
  const out = await main(['diff', 'HEAD^', 'HEAD', '--repo', await repoOf(base, head), '--format', 'json', '--fail-on', 'never']);
  return JSON.parse(out.stdout) as Json;
}

describe('a target whose policies moved into another target', () => {
  it('is folded into it though every file was edited, and nothing changes', async () => {
    const json = await diff(BASE, MOVED);
    expect(json.targets.map((t) => t.name)).toEqual(['plain manifests (was plain manifests + config/networkpolicy)']);
    expect(json.targets[0].pairs).toEqual([]);
    expect(json.targets[0].rollback.documents).toEqual([]);
    expect(json.targetSelection.how).not.toContain('removes');
    // Split out again: the other way round.
    const back = await diff(MOVED, BASE);
    expect(back.targets.map((t) => t.name)).toEqual(['plain manifests + config/networkpolicy (was plain manifests)']);
    expect(back.targets[0].pairs).toEqual([]);
  });

  it('reports an edit that widens a moved policy under the folded target, and its rollback reverts that edit', async () => {
    const wider = OPERATOR.replace('  - ports: [{port: 8081}]\n', '  - ports: [{port: 8081}, {port: 9090}]\n');
    const json = await diff(BASE, { ...MOVED, 'manifests/14_operator.yaml': policy('operator', wider, NOTED) });
    expect(json.targets.map((t) => t.name)).toEqual(['plain manifests (was plain manifests + config/networkpolicy)']);
    const { pairs, rollback } = json.targets[0];
    expect(pairs.length).toBeGreaterThan(0);
    expect(pairs.every((p) => p.opened && !p.closed)).toBe(true);
    expect(rollback.documents.map((d) => `${d.key} in ${d.file}`)).toEqual(['NetworkPolicy/market/operator in manifests/14_operator.yaml']);
  });

  it('is one target with a new kustomization that renders the same policies from rewritten files', async () => {
    // The namespace now comes from the kustomization: the objects are named as the build renders them.
    const unplaced = (name: string, spec: string) => policy(name, spec, NOTED).replace('  namespace: market\n', '');
    const head = {
      'manifests/01_deploy.yaml': DEPLOY,
      'deploy/policies/kustomization.yaml': 'namespace: market\nresources: [deny.yaml, operator.yaml, unpack.yaml]\n',
      'deploy/policies/deny.yaml': unplaced('default-deny-all', DENY),
      'deploy/policies/operator.yaml': unplaced('operator', OPERATOR),
      'deploy/policies/unpack.yaml': unplaced('unpack', UNPACK),
    };
    const json = await diff(BASE, head);
    expect(json.targets.map((t) => [t.name, t.pairs.length])).toEqual([
      ['deploy/policies (was config/networkpolicy)', 0],
      ['plain manifests', 0],
    ]);
  });

  it('is a removed target when its policies are applied nowhere in head: what they closed is reported opened', async () => {
    const json = await diff(BASE, { 'manifests/01_deploy.yaml': DEPLOY });
    expect(json.targets.map((t) => t.name).sort()).toEqual(['config/networkpolicy', 'plain manifests']);
    const removed = json.targets.find((t) => t.name === 'config/networkpolicy')!;
    expect(removed.pairs.length).toBeGreaterThan(0);
    expect(removed.pairs.every((p) => p.opened)).toBe(true);
    expect(removed.rollback.remainingOpened).toBe(0);
    expect(removed.rollback.documents.map((d) => d.key)).toContain('NetworkPolicy/market/default-deny-all in config/networkpolicy/default-deny.yaml');
    expect(json.targetSelection.how).toContain('Head removes 1 target base had: config/networkpolicy.');
  });

  it('is a removed target when head applies other policies of the same namespace, not its own', async () => {
    const other = policy('allow-metrics', '  podSelector: {matchLabels: {name: operator}}\n  ingress:\n  - ports: [{port: 8383}]\n');
    const json = await diff(BASE, { 'manifests/01_deploy.yaml': DEPLOY, 'manifests/20_metrics.yaml': other });
    expect(json.targets.map((t) => t.name).sort()).toEqual(['config/networkpolicy', 'plain manifests']);
    expect(json.targets.find((t) => t.name === 'config/networkpolicy')!.pairs.some((p) => p.opened)).toBe(true);
  });

  it('moved in part is folded, and the policies left behind are reported: their paths opened, their rollback restores them', async () => {
    const partial = { ...MOVED };
    delete (partial as Partial<typeof MOVED>)['manifests/13_default-deny.yaml'];
    const json = await diff(BASE, partial);
    expect(json.targets.map((t) => t.name)).toEqual(['plain manifests (was plain manifests + config/networkpolicy)']);
    const { pairs, rollback } = json.targets[0];
    expect(pairs.length).toBeGreaterThan(0);
    expect(pairs.every((p) => p.opened && !p.closed)).toBe(true);
    expect(rollback.documents.map((d) => d.key)).toEqual(['NetworkPolicy/market/default-deny-all in config/networkpolicy/default-deny.yaml']);
    expect(rollback.remainingOpened).toBe(0);
  });
});

describe('a target without policies whose workloads moved, its files edited on the way (real-eval 10, C-a)', () => {
  const store = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: default}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: ${name}}]}\n`;
  const secret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: minio-credentials, namespace: default}\nstringData: {user: admin}\n';
  const PLAIN = { 'stores/minio.yaml': store('minio'), 'examples/web.yaml': store('web') };
  const SPLIT = {
    'stores/minio/kustomization.yaml': 'resources:\n- minio.yaml\n',
    'stores/minio/minio.yaml': `${secret}---\n${store('minio')}`,
    'examples/web.yaml': store('web'),
  };

  it('is split from the target that ran them: no path opens or closes, and the note says workloads moved', async () => {
    const json = await diff(PLAIN, SPLIT);
    expect(json.targets.map((t) => t.name)).toEqual(['plain manifests + stores/minio (was plain manifests)']);
    expect(json.targets[0].pairs).toEqual([]);
    expect(json.targets[0].rollback.documents).toEqual([]);
    const text = (await main(['diff', 'HEAD^', 'HEAD', '--repo', await repoOf(PLAIN, SPLIT)])).stdout;
    expect(text).toContain("Head's target stores/minio is taken as split from plain manifests (its workloads moved there): if it is not deployed, the moved workloads no longer run");
  });

  it('a workload under a new name with the same labels is no move: the new target stays apart', async () => {
    const renamed = { ...SPLIT, 'stores/minio/minio.yaml': `${secret}---\n${store('minio').replace('name: minio, namespace', 'name: minio2, namespace')}` };
    const json = await diff(PLAIN, renamed);
    expect(json.targets.map((t) => t.name).sort()).toEqual(['plain manifests', 'stores/minio']);
  });
});

describe('movedTo (the rule)', () => {
  const sides = (base?: Record<string, string>, head?: Record<string, string>): PolicySides => ({
    ...(base ? { base: new Map(Object.entries(base)) } : {}),
    ...(head ? { head: new Map(Object.entries(head)) } : {}),
  });
  const gone = sides({ 'NetworkPolicy/ns/a': 'A', 'NetworkPolicy/ns/b': 'B' });

  it('names the one model that now applies every policy, or some while the rest are gone', () => {
    expect(movedTo(gone, 'base', new Map([['app', sides({}, { 'NetworkPolicy/ns/a': 'A2', 'NetworkPolicy/ns/b': 'B' })]]))).toBe('app');
    expect(movedTo(gone, 'base', new Map([['app', sides({}, { 'NetworkPolicy/ns/a': 'A' })]]))).toBe('app');
  });

  it('names none when every policy is gone, when the policies went to several models, or when a model already applied one', () => {
    expect(movedTo(gone, 'base', new Map([['app', sides({ 'NetworkPolicy/ns/c': 'C' }, { 'NetworkPolicy/ns/c': 'C' })]]))).toBeUndefined();
    const split = new Map([
      ['x', sides({}, { 'NetworkPolicy/ns/a': 'A' })],
      ['y', sides({}, { 'NetworkPolicy/ns/b': 'B' })],
    ]);
    expect(movedTo(gone, 'base', split)).toBeUndefined();
    expect(movedTo(gone, 'base', new Map([['app', sides({ 'NetworkPolicy/ns/a': 'A' }, { 'NetworkPolicy/ns/a': 'A', 'NetworkPolicy/ns/b': 'B' })]]))).toBeUndefined();
    expect(movedTo(sides({}), 'base', new Map([['app', sides({}, { 'NetworkPolicy/ns/a': 'A' })]]))).toBeUndefined();
  });

  it('takes a new policy with the same spec under another name for a renamed one, not one another model had', () => {
    expect(movedTo(gone, 'base', new Map([['app', sides({}, { 'NetworkPolicy/ns/a-renamed': 'A', 'NetworkPolicy/ns/b': 'B' })]]))).toBe('app');
    expect(movedTo(sides({ 'NetworkPolicy/ns/a': 'A' }), 'base', new Map([['app', sides({}, { 'NetworkPolicy/ns/a-renamed': 'A' })]]))).toBe('app');
    const had = new Map([
      ['app', sides({}, { 'NetworkPolicy/ns/x': 'A' })],
      ['other', sides({ 'NetworkPolicy/ns/x': 'A' }, {})],
    ]);
    expect(movedTo(sides({ 'NetworkPolicy/ns/a': 'A' }), 'base', had)).toBeUndefined();
  });

  it('is the same rule for a model head adds, split out of one base had', () => {
    const fresh = sides(undefined, { 'NetworkPolicy/ns/a': 'A' });
    expect(movedTo(fresh, 'head', new Map([['app', sides({ 'NetworkPolicy/ns/a': 'A', 'NetworkPolicy/ns/b': 'B' }, { 'NetworkPolicy/ns/b': 'B' })]]))).toBe('app');
    expect(movedTo(fresh, 'head', new Map([['app', sides({ 'NetworkPolicy/ns/a': 'A' }, { 'NetworkPolicy/ns/a': 'A' })]]))).toBeUndefined();
  });
});
