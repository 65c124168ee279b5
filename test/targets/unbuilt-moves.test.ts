/**
 * Policies that move out of an analysed target into files no target builds are a move, not a deletion
 * (real-eval 9, F: microservices-demo 99934c7d2 moved 13 policies from `docs/` into a Kustomize Component
 * that `kustomize/kustomization.yaml` names only in a comment; the report read "plain manifests: 183 paths
 * opened", exit 1). Whether anything opens depends on whether the destination is applied: the verdict gives
 * both readings as for an assumed fold (⚠️, neutral check run, `assumedFold.unbuilt` in the JSON, exit 0).
 */
import { main } from '../../src/cli/main.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { targetsJsonObject } from '../../src/report/targets-json.js';
import { renderTargetsMarkdown } from '../../src/report/targets-markdown.js';
import { targetsCheckRun } from '../../src/report/targets-check-run.js';
import { targetsText } from '../../src/report/targets-text.js';
import { DEFAULT_FAIL_ON } from '../../src/report/verdict.js';
import { tempFolder } from '../helpers/git.js';

type Files = Record<string, string>;
const APP = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: cart}\nspec:\n  selector: {matchLabels: {app: cart}}\n  template:\n    metadata: {labels: {app: cart}}\n    spec: {containers: [{name: c, image: i}]}\n';
const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-all}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
const BUILD = { 'kustomize/base/kustomization.yaml': 'resources: [app.yaml]\n', 'kustomize/base/app.yaml': APP };
const BASE: Files = { ...BUILD, 'kustomize/kustomization.yaml': 'resources: [base]\n', 'docs/policies/deny-all.yaml': DENY };
/** The policy moves into a Component the main kustomization lists only in a comment. */
const HEAD: Files = {
  ...BUILD,
  'kustomize/kustomization.yaml': 'resources: [base]\ncomponents:\n# - components/policies\n',
  'kustomize/components/policies/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [deny-all.yaml]\n',
  'kustomize/components/policies/deny-all.yaml': DENY,
};

const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));
const reportOf = (base: Files, head: Files) => analyzeTargets(asList(base), asList(head));
const RUN = { failOn: DEFAULT_FAIL_ON, otherChanges: 'neutral', rollbackButton: false, text: '' } as const;

it('a policy moved into a Component no build includes: both readings, ⚠️, neutral, assumedFold.unbuilt, exit 0', async () => {
  const report = await reportOf(BASE, HEAD);
  const moved = report.targets.find((t) => t.name === 'plain manifests')!;
  expect(moved.report.counts).toMatchObject({ opened: 0, closed: 0 });
  expect(moved.report.assumedFold).toEqual({ olds: [], news: [], opened: 3, closed: 0, unbuilt: ['kustomize/components/policies/deny-all.yaml'] });
  const headline = 'plain manifests: no change if the policies moved to kustomize/components/policies are applied, otherwise the change opens 3 paths; kustomize: no change.';
  expect(targetsText(report).split('\n')[0]).toBe(headline);
  expect(renderTargetsMarkdown(report).split('\n')[0]).toBe(`### ⚠️ reachdiff: ${headline}`);
  // The file is named as taken as applied, not as "Not analysed".
  const notes = report.notices.map((n) => n.message);
  expect(notes).toContainEqual(expect.stringContaining('Taken as applied: a changed file that no build reads, holding policies moved there from plain manifests: kustomize/components/policies/deny-all.yaml'));
  expect(notes.filter((m) => m.startsWith('Not analysed'))).toEqual([]);
  expect(targetsCheckRun(report, RUN).conclusion).toBe('neutral');
  const json = targetsJsonObject(report) as { summary: { opened: number }; targets: { name: string; assumedFold?: unknown }[] };
  expect(json.summary).toMatchObject({ opened: 0 });
  expect(json.targets.find((t) => t.name === 'plain manifests')?.assumedFold).toMatchObject({ unbuilt: ['kustomize/components/policies/deny-all.yaml'], opened: 3 });
  const [b, h] = await Promise.all([tempFolder(BASE), tempFolder(HEAD)]);
  const out = await main(['diff', b, h]);
  expect(out.stdout.split('\n')[0]).toBe(headline);
  expect(out.exitCode).toBe(0);
});

it('a policy that is deleted, or moved and edited, is still reported as opening paths', async () => {
  // Deleted: nothing holds it in head.
  const { 'kustomize/components/policies/deny-all.yaml': _, ...deleted } = HEAD;
  const gone = await reportOf(BASE, deleted);
  expect(gone.counts.opened).toBe(3);
  expect(gone.targets.every((t) => t.report.assumedFold === undefined)).toBe(true);
  // Moved and narrowed on the way: the move's reading changes paths too, so the report stands as it is.
  const narrowed = DENY.replace('podSelector: {}', 'podSelector: {matchLabels: {app: other}}');
  const edited = await reportOf(BASE, { ...HEAD, 'kustomize/components/policies/deny-all.yaml': narrowed });
  expect(edited.counts.opened).toBe(3);
  expect(edited.targets.every((t) => t.report.assumedFold === undefined)).toBe(true);
});

it('a policy moved from one kept target into an unbuilt file keeps the rest of that target analysed', async () => {
  // docs/ also holds a workload, so plain manifests is on both sides; only its policy moves.
  const base = { ...BASE, 'docs/app.yaml': APP.replace(/cart/g, 'shop') };
  const head = { ...HEAD, 'docs/app.yaml': APP.replace(/cart/g, 'shop') };
  const report = await reportOf(base, head);
  const plain = report.targets.find((t) => t.name === 'plain manifests')!;
  expect(plain.report.counts).toMatchObject({ opened: 0, closed: 0 });
  expect(plain.report.assumedFold?.unbuilt).toEqual(['kustomize/components/policies/deny-all.yaml']);
  expect(plain.report.assumedFold?.opened).toBeGreaterThan(0);
});
