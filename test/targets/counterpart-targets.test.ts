/**
 * A target the change adds, built from components another target already deploys, is compared with that
 * target, not with an empty cluster (real-eval 10, C-b: metallb 462710fe4 added `config/prometheus-native`
 * = `../native` + monitoring, read as "8 paths opened" for workloads base already deployed through
 * `config/frr`, exit 1). A removed target whose objects a head target still deploys, the same with the
 * sides swapped. A target whose workloads base deploys nowhere keeps today's reading.
 */
import { main } from '../../src/cli/main.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { renderTargetsMarkdown } from '../../src/report/targets-markdown.js';
import { targetsCheckRun } from '../../src/report/targets-check-run.js';
import { DEFAULT_FAIL_ON } from '../../src/report/verdict.js';
import { tempFolderSync } from '../helpers/git.js';

const tree = (files: Record<string, string>) => tempFolderSync(files, 'reachdiff-counterpart-');
const asList = (files: Record<string, string>) => Object.entries(files).map(([path, text]) => ({ path, text }));
const RUN = { failOn: DEFAULT_FAIL_ON, otherChanges: 'neutral', rollbackButton: false, text: '' } as const;

const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels: {component: ${name}}
  template:
    metadata:
      labels: {component: ${name}}
    spec:
      containers:
      - name: c
        image: ${name}:1
`;

/** Ingress to the controller from the speaker only, on 7472. */
const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: controller
spec:
  podSelector: {matchLabels: {component: controller}}
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector: {matchLabels: {component: speaker}}
    ports:
    - port: 7472
`;

/** The repro of real-eval 10 (C-b): `config/native` is no target, `config/frr` builds it. */
const BASE = {
  'config/controllers/kustomization.yaml': 'resources:\n- controller.yaml\n',
  'config/controllers/controller.yaml': deployment('controller'),
  'config/native/kustomization.yaml': 'namespace: lb-system\nresources:\n- ns.yaml\n- ../controllers\n',
  'config/native/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: lb-system\n',
  'config/frr/kustomization.yaml': 'resources:\n- ../native\n- frr-cm.yaml\n',
  'config/frr/frr-cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: frr-startup\n  namespace: lb-system\ndata:\n  daemons: bgpd=yes\n',
};
const MONITOR = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: controller-monitor\nspec:\n  selector: {component: controller}\n  ports:\n  - name: metrics\n    port: 7472\n';
const HEAD = {
  ...BASE,
  'config/prometheus-native/kustomization.yaml': '# the native install plus metrics scraping\nnamespace: lb-system\nresources:\n- ../native\n- monitor.yaml\n',
  'config/prometheus-native/monitor.yaml': MONITOR,
};

type Json = { summary: { opened: number }; targets: { name: string; lifecycle?: string; comparedWith?: { targets: string[]; shared: number; of: number; alone: { opened: number; closed: number } }; summary: { opened: number; closed: number } }[] };

describe('a target made of what another target deploys', () => {
  it('a new overlay of components base deploys: compared with that target, no change, exit 0', async () => {
    const [base, head] = [tree(BASE), tree(HEAD)];
    const out = await main(['diff', base, head]);
    const label = 'config/prometheus-native (new in this change, compared with config/frr, which deploys the same workloads)';
    expect(out.stdout.split('\n')[0]).toBe(`${label}: no change; config/frr: no change.`);
    expect(out.stdout).toContain('Note: config/prometheus-native is new in this change; base\'s config/frr deploys the same workloads, so the report compares it with config/frr; compared with an empty cluster, it would open 3 paths.');
    expect(out.stdout).not.toContain('Workloads added');
    expect(out.exitCode).toBe(0);
    const json = JSON.parse((await main(['diff', base, head, '--format', 'json'])).stdout) as Json;
    const added = json.targets.find((t) => t.name === 'config/prometheus-native');
    // Still a new target; the field names what it was compared with, and what an empty cluster would have said.
    expect(added?.lifecycle).toBe('added');
    expect(added?.comparedWith).toEqual({ targets: ['config/frr'], shared: 1, of: 1, alone: { opened: 3, closed: 0 } });
    expect(json.summary.opened).toBe(0);
  });

  it('the App renders it too: the check run and the comment name the target it was compared with', async () => {
    const report = await analyzeTargets(asList(BASE), asList(HEAD));
    const run = targetsCheckRun(report, RUN);
    expect(run.conclusion).toBe('success');
    expect(run.summary).toContain('config/prometheus-native (new in this change, compared with config/frr, which deploys the same workloads): no change');
    expect(run.summary).toContain('ℹ️ config/prometheus-native is new in this change; base\'s config/frr deploys the same workloads');
    const md = renderTargetsMarkdown(report);
    expect(md.split('\n')[0]).toBe('### ✅ reachdiff: config/prometheus-native (new in this change, compared with config/frr, which deploys the same workloads): no change; config/frr: no change.');
    expect(md).toContain('> ℹ️ config/prometheus-native is new in this change; base\'s config/frr deploys the same workloads');
  });

  it('a removed overlay whose workloads a head target still deploys: compared with that one', async () => {
    const out = await main(['diff', tree(HEAD), tree(BASE)]);
    expect(out.stdout.split('\n')[0]).toBe('config/prometheus-native (removed by this change, compared with config/frr, which still deploys the same workloads): no change; config/frr: no change.');
    expect(out.stdout).toContain("Note: config/prometheus-native is removed by this change; head's config/frr still deploys the same workloads, so the report compares it with config/frr; compared with an empty cluster, its removal would close 3 paths.");
    expect(out.exitCode).toBe(0);
  });

  it('a new target whose workloads base deploys nowhere keeps its reading: every path opened', async () => {
    const head = { ...BASE, 'config/scraper/kustomization.yaml': 'namespace: lb-system\nresources:\n- scraper.yaml\n', 'config/scraper/scraper.yaml': deployment('scraper') };
    const out = await main(['diff', tree(BASE), tree(head), '--format', 'json']);
    const json = JSON.parse(out.stdout) as Json;
    const added = json.targets.find((t) => t.name === 'config/scraper');
    expect(added?.lifecycle).toBe('added');
    expect(added?.comparedWith).toBeUndefined();
    expect(added?.summary.opened).toBe(3);
    expect(out.exitCode).toBe(1);
  });

  it('a new overlay that widens a shared policy: the paths it opens against the base target, not every path', async () => {
    const withPolicy = {
      ...BASE,
      'config/controllers/kustomization.yaml': 'resources:\n- controller.yaml\n- speaker.yaml\n- policy.yaml\n',
      'config/controllers/speaker.yaml': deployment('speaker'),
      'config/controllers/policy.yaml': POLICY,
    };
    const wide = {
      ...withPolicy,
      'config/open/kustomization.yaml': 'resources:\n- ../native\npatches:\n- path: open-metrics.yaml\n',
      'config/open/open-metrics.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: controller\n  namespace: lb-system\nspec:\n  ingress:\n  - ports:\n    - port: 7472\n',
    };
    const out = await main(['diff', tree(withPolicy), tree(wide), '--format', 'json']);
    const json = JSON.parse(out.stdout) as Json;
    const added = json.targets.find((t) => t.name === 'config/open');
    expect(added?.comparedWith?.targets).toEqual(['config/frr']);
    // Against config/frr only the controller's metrics port opens to what the speaker alone could reach; against an empty cluster, every path of both workloads.
    expect(added?.summary.opened).toBeGreaterThan(0);
    expect(added?.summary.opened).toBeLessThan(added!.comparedWith!.alone.opened);
    expect(out.exitCode).toBe(1);
    const text = (await main(['diff', tree(withPolicy), tree(wide)])).stdout;
    expect(text).toMatch(/=> lb-system\/controller\[Deployment\] : TCP 7472/);
    expect(text).not.toContain('[src added');
    expect(text).not.toContain('Workloads added');
    // The rollback touches only what the change added: the new overlay, never the shared components.
    // The file only the new kustomization names goes with it (rollback-relevance.ts), never left behind.
    expect(text).toContain('Rollback (proven minimal): revert 1 document to close every opened path, and delete 1 document no build reads once it is reverted:\n  delete the Kustomization (config/open/kustomization.yaml:1)\n  delete the patch of NetworkPolicy/lb-system/controller (config/open/open-metrics.yaml:1) (tidying: no build reads it once the rest is reverted)\n');
    expect(text).not.toMatch(/^\s+delete .*config\/(controllers|native)\//m);
  });

  it('the base target deploys more workloads than the new one: those are not read as removed', async () => {
    const more = { ...BASE, 'config/frr/kustomization.yaml': 'resources:\n- ../native\n- frr-cm.yaml\n- frr-k8s.yaml\n', 'config/frr/frr-k8s.yaml': deployment('frr-k8s').replace('  name: frr-k8s\n', '  name: frr-k8s\n  namespace: lb-system\n') };
    const head = { ...more, 'config/prometheus-native/kustomization.yaml': HEAD['config/prometheus-native/kustomization.yaml'], 'config/prometheus-native/monitor.yaml': MONITOR };
    const json = JSON.parse((await main(['diff', tree(more), tree(head), '--format', 'json'])).stdout) as Json;
    const added = json.targets.find((t) => t.name === 'config/prometheus-native');
    expect(added?.comparedWith).toMatchObject({ targets: ['config/frr'], shared: 1, of: 1 });
    expect(added?.summary).toMatchObject({ opened: 0, closed: 0 });
  });

  it('of two base targets deploying its workloads, the closest: the one deploying fewest others', async () => {
    const frrK8s = deployment('frr-k8s').replace('  name: frr-k8s\n', '  name: frr-k8s\n  namespace: lb-system\n');
    const base = {
      ...BASE,
      'config/frr/kustomization.yaml': 'resources:\n- ../native\n- frr-k8s.yaml\n',
      'config/frr/frr-k8s.yaml': frrK8s,
      'config/l2/kustomization.yaml': 'resources:\n- ../native\n- l2-cm.yaml\n',
      'config/l2/l2-cm.yaml': BASE['config/frr/frr-cm.yaml'],
    };
    const head = { ...base, 'config/prometheus-native/kustomization.yaml': HEAD['config/prometheus-native/kustomization.yaml'], 'config/prometheus-native/monitor.yaml': MONITOR };
    const json = JSON.parse((await main(['diff', tree(base), tree(head), '--format', 'json'])).stdout) as Json;
    expect(json.targets.find((t) => t.name === 'config/prometheus-native')?.comparedWith?.targets).toEqual(['config/l2']);
  });

  // Real-eval 12, problem 3 (sourcegraph 5591f6a2): a new one-DaemonSet example was compared with examples/k3s/xs,
  // unchanged in head, because its one workload is one of that target's 45: "527 paths closed".
  const STACK = {
    'base/app/kustomization.yaml': 'resources:\n- web.yaml\n- db.yaml\n',
    'base/app/web.yaml': deployment('web'),
    'base/app/db.yaml': deployment('db'),
    'base/monitoring/kustomization.yaml': 'resources:\n- cadvisor.yaml\n',
    'base/monitoring/cadvisor.yaml': deployment('cadvisor').replace('kind: Deployment', 'kind: DaemonSet'),
    'examples/full/kustomization.yaml': 'namespace: default\nresources:\n- ../../base/app\n- ../../base/monitoring\n',
  };
  const WITH_PART = { ...STACK, 'examples/cadvisor-only/kustomization.yaml': 'namespace: default\nresources:\n- ../../base/monitoring\n' };

  it('a new target deploying one part of a larger stack that base and head still deploy: compared with an empty cluster', async () => {
    const [base, head] = [tree(STACK), tree(WITH_PART)];
    const out = await main(['diff', base, head]);
    expect(out.stdout.split('\n')[0]).toBe('examples/cadvisor-only (new in this change): 3 paths opened; 2 new findings; examples/full: no change.');
    expect(out.stdout).not.toContain('compared with');
    expect(out.exitCode).toBe(1);
    const json = JSON.parse((await main(['diff', base, head, '--format', 'json'])).stdout) as Json;
    expect(json.targets.find((t) => t.name === 'examples/cadvisor-only')?.comparedWith).toBeUndefined();
  });

  it('the same part removed: its paths close, not compared with the stack head still deploys', async () => {
    const out = await main(['diff', tree(WITH_PART), tree(STACK)]);
    expect(out.stdout.split('\n')[0]).toBe('examples/cadvisor-only (removed by this change): 3 paths closed; examples/full: no change.');
    expect(out.stdout).not.toContain('compared with');
  });

  it('a base target gone in head that deployed the same workloads comes first: the new target\'s predecessor', async () => {
    const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  k: ${name}\n`;
    const app = { 'base/app/kustomization.yaml': STACK['base/app/kustomization.yaml'], 'base/app/web.yaml': STACK['base/app/web.yaml'], 'base/app/db.yaml': STACK['base/app/db.yaml'] };
    // examples/same deploys exactly the new target's workloads; examples/old deployed them and a third, and head removes it
    // (its files edited on the way, so no fold pairs the two; examples/same keeps deploying web and db, so no object fold either).
    const base = {
      ...app,
      'examples/same/kustomization.yaml': 'namespace: default\nresources:\n- ../../base/app\n',
      'examples/old/kustomization.yaml': 'namespace: default\nresources:\n- ../../base/app\n- cache.yaml\n- a.yaml\n- b.yaml\n- c.yaml\n',
      'examples/old/cache.yaml': deployment('cache'),
      'examples/old/a.yaml': cm('a'),
      'examples/old/b.yaml': cm('b'),
      'examples/old/c.yaml': cm('c'),
    };
    const head = {
      ...app,
      'examples/same/kustomization.yaml': base['examples/same/kustomization.yaml'],
      'examples/new/kustomization.yaml': 'namespace: default\nresources:\n- ../../base/app\n- d.yaml\n- e.yaml\n- f.yaml\n',
      'examples/new/d.yaml': cm('d'),
      'examples/new/e.yaml': cm('e'),
      'examples/new/f.yaml': cm('f'),
    };
    const out = await main(['diff', tree(base), tree(head)]);
    expect(out.stdout.split('\n')[0]).toContain('examples/new (new in this change, compared with examples/old (removed by this change), which deployed the same workloads): no change');
    expect(out.stdout).toContain("Note: examples/new is new in this change; base's examples/old (removed by this change) deployed the same workloads, so the report compares it with examples/old;");
    const json = JSON.parse((await main(['diff', tree(base), tree(head), '--format', 'json'])).stdout) as Json & { targets: { comparedWith?: { lone?: boolean } }[] };
    expect(json.targets.find((t) => t.name === 'examples/new')?.comparedWith).toMatchObject({ targets: ['examples/old'], shared: 2, of: 2, lone: true });
  });

  it('a removed target and the new one compared with each other: what they share changes is reported once, under the new one', async () => {
    const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  k: ${name}\n`;
    const app = { 'base/app/kustomization.yaml': STACK['base/app/kustomization.yaml'], 'base/app/web.yaml': STACK['base/app/web.yaml'], 'base/app/db.yaml': STACK['base/app/db.yaml'] };
    // examples/same keeps deploying web and db: no object fold pairs the two either.
    const same = { 'examples/same/kustomization.yaml': 'namespace: default\nresources:\n- ../../base/app\n' };
    const base = {
      ...app,
      ...same,
      'examples/old/kustomization.yaml': 'namespace: default\nresources:\n- ../../base/app\n- cache.yaml\n- a.yaml\n- b.yaml\n- c.yaml\n',
      'examples/old/cache.yaml': deployment('cache'),
      'examples/old/a.yaml': cm('a'),
      'examples/old/b.yaml': cm('b'),
      'examples/old/c.yaml': cm('c'),
    };
    // The successor drops the cache and isolates db for ingress; its files are new, so no fold pairs the two.
    const head = {
      ...app,
      ...same,
      'examples/new/kustomization.yaml': 'namespace: default\nresources:\n- ../../base/app\n- d.yaml\n- e.yaml\n- deny.yaml\n',
      'examples/new/d.yaml': cm('d'),
      'examples/new/e.yaml': cm('e'),
      'examples/new/deny.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\nspec:\n  podSelector: {matchLabels: {component: db}}\n  policyTypes: [Ingress]\n',
    };
    const json = JSON.parse((await main(['diff', tree(base), tree(head), '--format', 'json'])).stdout) as Json;
    const [added, removed] = ['examples/new', 'examples/old'].map((n) => json.targets.find((t) => t.name === n));
    expect(added?.comparedWith).toMatchObject({ targets: ['examples/old'], shared: 2, of: 3 });
    expect(removed?.comparedWith).toMatchObject({ targets: ['examples/new'], shared: 2, of: 3 });
    // db's ingress closes in the new target's report only (3 workloads' paths and the rule's 1); the old one's report is the cache's removal alone.
    expect(added?.summary).toMatchObject({ opened: 0, closed: 4 });
    expect(removed?.summary).toMatchObject({ opened: 0, closed: 7 });
    const text = (await main(['diff', tree(base), tree(head)])).stdout;
    const section = text.slice(text.indexOf('== examples/old'));
    expect(section).toContain('Removes default/cache: it reached everything on any port; everything reached it on any port.\n');
    const pairs = section.split('\n').filter((l) => l.includes(' => '));
    expect(pairs).toHaveLength(7);
    expect(pairs.every((l) => l.includes('default/cache[Deployment]'))).toBe(true);
  });
});
