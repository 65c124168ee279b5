/**
 * A "no change" that holds only under a fold's assumption is not a plain "No change": real-eval 8 (kubeflow
 * b9dddd282, repro 09) moved an optional top-level kustomization (`contrib/…`, which the main install did not
 * include) and listed it in the main install's `resources:`; the report took it as folded ("its files moved
 * there") and read "No change in allowed connectivity." (exit 0, ✅), the other reading (48,202 paths closed)
 * only in a note. The headline gives both readings, Markdown is ⚠️, the check run `neutral`, the JSON carries
 * `assumedFold`; the exit code counts what was found, as for every unproven "no change" (docs/cli.md).
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
const deploy = (name: string, ns = 'shop') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api-deny, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Ingress]\n';
/** The main install: two workloads; base's does not include the policies. */
const INSTALL = { 'example/app.yaml': `${deploy('api')}---\n${deploy('web')}` };
const BASE: Files = {
  ...INSTALL,
  'example/kustomization.yaml': 'resources: [app.yaml]\n',
  'contrib/netpol/kustomization.yaml': '# optional, applied by hand if at all\nresources: [deny.yaml]\n',
  'contrib/netpol/deny.yaml': DENY,
};
/** Head moves the folder and wires it into the main install. */
const HEAD: Files = {
  ...INSTALL,
  'example/kustomization.yaml': 'resources: [app.yaml, ../common/netpol]\n',
  'common/netpol/kustomization.yaml': 'resources: [deny.yaml]\n',
  'common/netpol/deny.yaml': DENY,
};
const OTHER: Files = { 'other/kustomization.yaml': 'resources: [app.yaml]\n', 'other/app.yaml': deploy('db', 'data') };

const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));
const reportOf = (base: Files, head: Files) => analyzeTargets(asList(base), asList(head));
/** The first line, without the count of old findings (the CLI and the App show new ones only). */
const first = (text: string) => text.split('\n')[0].replace(/; \d+ findings? \(0 new\)/, '');
const RUN = { failOn: DEFAULT_FAIL_ON, otherChanges: 'neutral', rollbackButton: false, text: '' } as const;

describe('a fold the change makes (the main install now lists the moved folder)', () => {
  it('leads with both readings, is ⚠️ and neutral, and says so in the JSON; exit 0 like any unproven "no change"', async () => {
    const report = await reportOf(BASE, HEAD);
    expect(report.targets.map((t) => t.name)).toEqual(['example (was example + contrib/netpol)']);
    // The other reading: base's main install alone against head.
    const alone = await reportOf(INSTALL_ONLY, HEAD);
    expect(alone.counts.closed).toBeGreaterThan(0);
    const headline = `No change in allowed connectivity if contrib/netpol was deployed on its own, otherwise the change closes ${alone.counts.closed} paths.`;
    expect(first(targetsText(report))).toBe(headline);
    expect(first(renderTargetsMarkdown(report))).toBe(`### ⚠️ reachdiff: ${headline}`);
    // The note says the change made the fold: the main install's kustomization gained the moved folder.
    expect(renderTargetsMarkdown(report)).toContain(
      `> ⚠️ Base's target contrib/netpol is taken as folded into example (its files moved there, and head's example/kustomization.yaml now includes common/netpol): if it was not deployed, the moved policies are new, and the change closes ${alone.counts.closed} paths.`,
    );
    const run = targetsCheckRun(report, RUN);
    expect(run.conclusion).toBe('neutral');
    expect(run.title).toBe(headline.replace(/\.$/, ''));
    expect(run.summary).toContain('So the check is not `success`.');
    const json = targetsJsonObject(report) as { assumedFold?: unknown; summary: { opened: number; closed: number } };
    expect(json.summary).toMatchObject({ opened: 0, closed: 0 });
    expect(json.assumedFold).toEqual({ olds: ['contrib/netpol'], news: [], opened: 0, closed: alone.counts.closed, wiredBy: { file: 'example/kustomization.yaml', include: 'common/netpol' } });
    const [b, h] = await Promise.all([tempFolder(BASE), tempFolder(HEAD)]);
    const out = await main(['diff', b, h]);
    expect(out.stdout.split('\n')[0]).toBe(headline);
    expect(out.exitCode).toBe(0);
  });

  it('among several targets: named with both readings, never counted among the unchanged', async () => {
    const report = await reportOf({ ...BASE, ...OTHER }, { ...HEAD, ...OTHER });
    const alone = await reportOf(INSTALL_ONLY, HEAD);
    const headline = `example (was example + contrib/netpol): no change if contrib/netpol was deployed on its own, otherwise the change closes ${alone.counts.closed} paths; other: no change.`;
    expect(first(targetsText(report))).toBe(headline);
    expect(first(renderTargetsMarkdown(report))).toBe(`### ⚠️ reachdiff: ${headline}`);
    const run = targetsCheckRun(report, RUN);
    expect(run.conclusion).toBe('neutral');
    expect(run.title).toContain('unproven (example (was example + contrib/netpol): no change if contrib/netpol was deployed on its own');
  });

  it('a fold whose other reading changes nothing either is a plain, proven "no change"', async () => {
    const allowAll = `${DENY}  ingress: [{}]\n`;
    const report = await reportOf({ ...BASE, 'contrib/netpol/deny.yaml': allowAll }, { ...HEAD, 'common/netpol/deny.yaml': allowAll });
    expect(report.targets[0].fold?.alternative).toEqual({ opened: 0, closed: 0 });
    expect(first(targetsText(report))).toBe('No change in allowed connectivity.');
    // Its note stays ℹ️ (the icon is the allow-all's PERMISSIVE_RULE, a finding base had too).
    expect(first(renderTargetsMarkdown(report))).toMatch(/^### \S+ reachdiff: No change in allowed connectivity\.$/);
    expect(renderTargetsMarkdown(report)).toContain("> ℹ️ Base's target contrib/netpol is taken as folded into example");
    expect(targetsCheckRun(report, RUN).conclusion).toBe('success');
  });
});

const INSTALL_ONLY: Files = { ...INSTALL, 'example/kustomization.yaml': 'resources: [app.yaml]\n' };
