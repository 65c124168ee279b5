/**
 * `npm run bench:kustomize [-- --apps 200] [--runs 5]`: render + diff of a generated repository of
 * kustomizations against the same diff of the objects pre-rendered (plain YAML files, what a
 * `kustomize build` pipeline would commit). Each app has a base (Deployment, Service, NetworkPolicy)
 * and three overlays (dev, staging, prod: namespace, commonLabels, a strategic merge patch and a JSON
 * 6902 patch on the policy); head changes one overlay's policy patch (an opened port) and one base
 * (a new label). CPU times (user + system), cold caches (parse, render, loaded files, base side), paired
 * runs alternating which goes first, after one run of each that also compiles the code (reported as
 * `firstProcessCpuMs`); `ratio` is the median of the runs' ratios. The target: within 2×.
 */
import { cpus } from 'node:os';
import yaml from 'js-yaml';
import { clearBaseSides } from '../src/analysis/base-side.js';
import { clearKeptSides } from '../src/targets/side-reuse.js';
import { analyzeDiff } from '../src/analysis/diff-report.js';
import { clearRenderCache, renderRepository } from '../src/kustomize/index.js';
import { clearLoadedFiles } from '../src/manifests/load.js';
import type { ManifestFile } from '../src/manifests/load.js';
import { clearParseCache } from '../src/manifests/yaml-documents.js';
import { cpu as cpuNow, median } from './measure.js';

const ENVS = ['dev', 'staging', 'prod'] as const;

function app(i: number): Record<string, string> {
  const name = `app-${String(i).padStart(3, '0')}`;
  const dir = `apps/${name}`;
  const peer = `app-${String((i + 1) % 1000).padStart(3, '0')}`;
  const files: Record<string, string> = {
    [`${dir}/base/kustomization.yaml`]: 'resources:\n  - deployment.yaml\n  - service.yaml\n  - policy.yaml\n',
    [`${dir}/base/deployment.yaml`]: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n        tier: backend\n    spec:\n      containers:\n        - name: main\n          image: registry.example/${name}:1.0\n          ports:\n            - name: http\n              containerPort: 8080\n            - name: metrics\n              containerPort: 9090\n`,
    [`${dir}/base/service.yaml`]: `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${name}\n  ports:\n    - name: http\n      port: 80\n      targetPort: http\n`,
    [`${dir}/base/policy.yaml`]: `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  podSelector:\n    matchLabels:\n      app: ${name}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: ${peer}\n      ports:\n        - port: http\n`,
  };
  for (const env of ENVS) {
    files[`${dir}/overlays/${env}/kustomization.yaml`] =
      `namespace: ${env}-team-${Math.floor(i / 10)}\nresources:\n  - ../../base\ncommonLabels:\n  env: ${env}\npatches:\n  - path: replicas.yaml\n  - target:\n      kind: NetworkPolicy\n    path: policy-ports.yaml\n`;
    files[`${dir}/overlays/${env}/replicas.yaml`] = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: ${env === 'prod' ? 3 : 1}\n`;
    files[`${dir}/overlays/${env}/policy-ports.yaml`] = `- op: add\n  path: /spec/ingress/0/ports/-\n  value:\n    port: metrics\n`;
  }
  return files;
}

export function kustomizeRepo(apps: number): { base: ManifestFile[]; head: ManifestFile[] } {
  const base: Record<string, string> = {};
  for (let i = 0; i < apps; i++) Object.assign(base, app(i));
  const head = { ...base };
  head['apps/app-000/overlays/prod/policy-ports.yaml'] += '- op: add\n  path: /spec/ingress/0/ports/-\n  value:\n    port: 8443\n';
  head['apps/app-001/base/deployment.yaml'] = head['apps/app-001/base/deployment.yaml'].replace('        tier: backend\n', '        tier: backend\n        canary: "true"\n');
  const list = (files: Record<string, string>) => Object.entries(files).map(([path, text]) => ({ path, text }));
  return { base: list(base), head: list(head) };
}

/** The same objects as plain files: one per top-level kustomization, as a rendering pipeline would commit them. */
export function preRendered(files: readonly ManifestFile[]): ManifestFile[] {
  const { results } = renderRepository(new Map(files.map((f) => [f.path, f.text])));
  return results.map((r) => ({ path: `rendered/${r.dir}.yaml`, text: r.objects.map((o) => yaml.dump(o.value)).join('---\n') }));
}

function cold(f: () => void): number {
  clearParseCache();
  clearLoadedFiles();
  clearBaseSides();
  clearKeptSides();
  clearRenderCache();
  const t = cpuNow();
  f();
  return cpuNow() - t;
}

function main(): void {
  const argv = process.argv.slice(2);
  const arg = (name: string, def: number) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : def;
  };
  const apps = arg('--apps', 200);
  const runs = arg('--runs', 7);
  const k = kustomizeRepo(apps);
  const plain = { base: preRendered(k.base), head: preRendered(k.head) };
  const counts = analyzeDiff(k.base, k.head).counts;
  const plainCounts = analyzeDiff(plain.base, plain.head).counts;
  // The first analysis of each kind also compiles its code (JIT): measured apart, as the cold-process figure.
  const firstRendered = cold(() => analyzeDiff(k.base, k.head));
  const firstPre = cold(() => analyzeDiff(plain.base, plain.head));
  const rendered: number[] = [];
  const pre: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < runs; r++) {
    let a = 0;
    let b = 0;
    if (r % 2 === 0) {
      a = cold(() => analyzeDiff(k.base, k.head));
      b = cold(() => analyzeDiff(plain.base, plain.head));
    } else {
      b = cold(() => analyzeDiff(plain.base, plain.head));
      a = cold(() => analyzeDiff(k.base, k.head));
    }
    rendered.push(a);
    pre.push(b);
    ratios.push(a / b);
  }
  const result = {
    apps,
    kustomizations: apps * 4,
    topLevel: apps * ENVS.length,
    sourceFiles: k.base.length,
    openedClosed: `${counts.opened}/${counts.closed} (pre-rendered ${plainCounts.opened}/${plainCounts.closed})`,
    firstProcessCpuMs: `${Math.round(firstRendered)} vs ${Math.round(firstPre)} pre-rendered`,
    renderAndDiffCpuMs: Math.round(median(rendered)),
    preRenderedDiffCpuMs: Math.round(median(pre)),
    ratio: Math.round(median(ratios) * 100) / 100,
    runs,
  };
  if (argv.includes('--json')) process.stdout.write(JSON.stringify(result) + '\n');
  else {
    process.stdout.write(`reachdiff kustomize bench — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, median of ${runs} paired run(s), CPU times under shared load\n`);
    for (const [key, value] of Object.entries(result)) process.stdout.write(`  ${key}: ${value}\n`);
  }
}

if (process.argv[1]?.endsWith('kustomize.js')) main();
