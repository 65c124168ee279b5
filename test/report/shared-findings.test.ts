/**
 * A finding of a file several targets build is told once, with the targets it holds in: each overlay of a
 * shared base found the same dead selector at the same `file:line` in its own namespace, and the report over
 * targets listed it per overlay (fresh-user trial 27: "six warnings for three lines"). Text and Markdown list
 * it once after the sections, the check run annotates it once, and the JSON's top-level `findings` has it once
 * with `targets` (each target's own `findings` keep their copy).
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { targetsCheckRun } from '../../src/report/targets-check-run.js';
import { sharedBaseOverlays } from '../helpers/shared-base-overlays.js';
import { diffSides } from '../helpers/folder-diff.js';

const base = sharedBaseOverlays();
/** Head adds to the shared base a policy for pods an operator makes (none the manifests hold), and to prod alone an allow from every namespace. */
const operatorPods = '---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: pg-from-api}\nspec:\n  podSelector: {matchLabels: {cnpg.io/cluster: orders-db}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: api}}}], ports: [{port: 5432}]}]\n';
const partners = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: partners}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  ingress: [{from: [{namespaceSelector: {}}]}]\n';
const head = {
  ...base,
  'base/policy.yaml': base['base/policy.yaml'] + operatorPods,
  'overlays/prod/kustomization.yaml': base['overlays/prod/kustomization.yaml'].replace('resources: [../../base]', 'resources: [../../base, partners.yaml]'),
  'overlays/prod/partners.yaml': partners,
};
/** The finding's line: where the policy's document starts. */
const line = head['base/policy.yaml'].split('\n').findIndex((l) => l.includes('name: pg-from-api')) - 1;
const asList = (files: Record<string, string>) => Object.entries(files).map(([path, text]) => ({ path, text }));

async function diff(...extra: string[]) {
  return diffSides({ base, head }).run(...extra);
}

describe('a finding of a file two overlays build', () => {
  it('text: once, after the sections, naming both targets and their subjects; each section points there', async () => {
    const out = (await diff()).stdout;
    expect(out.match(new RegExp(`base/policy\\.yaml:${line}: warning: `, 'g'))).toHaveLength(1);
    expect(out).toContain('Findings in files several targets build (1):');
    expect(out).toContain('in overlays/prod (prod/pg-from-api) and overlays/staging (staging/pg-from-api)');
    // Staging changes no path (no section of its own): its copy is told in that list too.
    const prod = out.slice(out.indexOf('== overlays/prod =='), out.indexOf('Findings in files several targets build'));
    expect(prod).toContain('1 finding in files other targets build too: listed once after the sections');
    // What only prod holds stays in prod's section.
    expect(prod).toMatch(/Findings \(1\):\n  overlays\/prod\/partners\.yaml:\d+: warning: .*\[PERMISSIVE_RULE\]/);
  });

  it('Markdown: once, below the sections', async () => {
    const md = (await diff('--format', 'md')).stdout;
    // The finding once (each target's section still names its changed policy at that line: quiet-changes.ts).
    expect(md.match(new RegExp(`\\*\\* \\(\`base/policy\\.yaml:${line}\`\\)`, 'g'))).toHaveLength(1);
    expect(md).toContain('#### Findings in files several targets build (1)');
    expect(md).toContain('_In:_ overlays/prod (prod/pg-from-api) and overlays/staging (staging/pg-from-api)');
  });

  it('JSON: the top-level list holds it once with its targets; each target keeps its own', async () => {
    const json = JSON.parse((await diff('--format', 'json')).stdout) as { findings: { file: string; line: number; targets?: string[] }[]; targets: { name: string; findings: { file: string; line: number }[] }[] };
    const top = json.findings.filter((f) => f.file === 'base/policy.yaml' && f.line === line);
    expect(top).toEqual([expect.objectContaining({ targets: ['overlays/prod', 'overlays/staging'] })]);
    expect(json.findings.filter((f) => f.file === 'overlays/prod/partners.yaml').every((f) => f.targets === undefined)).toBe(true);
    for (const t of json.targets) expect(t.findings.filter((f) => f.file === 'base/policy.yaml' && f.line === line)).toHaveLength(1);
  });

  it('the check run: one annotation at the line, naming the targets', async () => {
    const report = await analyzeTargets(asList(base), asList(head));
    const run = targetsCheckRun(report, { failOn: 'never', otherChanges: 'neutral', rollbackButton: false, text: '' });
    const at = run.annotations.filter((a) => a.path === 'base/policy.yaml' && a.start_line === line);
    expect(at).toHaveLength(1);
    expect(at[0].message).toContain('In targets: overlays/prod and overlays/staging');
  });
});

describe('a shared finding that points to pods by a long name', () => {
  /** The operator's pods chosen by four long labels: the diff names them by one, the others counted. */
  const longPods = '---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: pg-from-api}\nspec:\n  podSelector:\n    matchLabels:\n      app.kubernetes.io/name: orders-db\n      app.kubernetes.io/instance: orders-db-cluster-main\n      app.kubernetes.io/managed-by: cloudnative-pg-operator\n      cnpg.io/cluster: orders-db-cluster-main\n  ingress: [{from: [{podSelector: {matchLabels: {app: api}}}], ports: [{port: 5432}]}]\n';
  const longHead = { ...head, 'base/policy.yaml': base['base/policy.yaml'] + longPods };
  const full = 'prod/[pod with {app.kubernetes.io/instance=orders-db-cluster-main,app.kubernetes.io/managed-by=cloudnative-pg-operator,app.kubernetes.io/name=orders-db,cnpg.io/cluster=orders-db-cluster-main}]';
  const short = 'prod/[pod with {app.kubernetes.io/name=orders-db} +3 labels]';
  async function longDiff(...extra: string[]) {
    return diffSides({ base, head: longHead }).run(...extra);
  }

  it('text: by the short name the sections use, its full name listed after the section', async () => {
    const out = (await longDiff()).stdout;
    const shared = out.slice(out.lastIndexOf('Findings in files several targets build ('));
    expect(shared).toContain(`${short} in diff)`);
    expect(shared).not.toContain(`${full} in diff)`);
    expect(shared).toMatch(new RegExp(`\\nFull names of the \\d+ shortened names? above:\\n(  .*\\n)*  ${escaped(short)} is ${escaped(full)}\\n`));
  });

  it('Markdown: the same, the full name in a fold', async () => {
    const md = (await longDiff('--format', 'md')).stdout;
    const shared = md.slice(md.indexOf('#### Findings in files several targets build'));
    expect(shared).toContain(`${short} in diff)`);
    expect(shared).not.toContain(`${full} in diff)`);
    expect(shared).toContain(`- \`${short}\` is \`${full}\``);
  });

  it('JSON keeps the id', async () => {
    const json = JSON.parse((await longDiff('--format', 'json')).stdout) as { findings: { message: string; targets?: string[] }[] };
    expect(json.findings.find((f) => f.targets)?.message).toContain(`${full} in diff)`);
  });
});

function escaped(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
