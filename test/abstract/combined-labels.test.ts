/**
 * Label-combination openings (src/engine/combined-labels.ts; fixtures in test/fixtures/combined-labels, README
 * there). A pull request adds a lock-down policy for an operator's pods the repository does not hold, in a
 * namespace whose apps each have their own policy: the regions of pods carrying an app's label and the
 * operator's gain the scraper's port. Before, `diff` read "2 paths opened", exit 1, and the rollback deleted
 * the lock-down policy. They stay reported, apart: not failing by default, no rollback target.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { annotationsFor, conclusionFor } from '../../src/report/check-run.js';
import { DEFAULT_FAIL_ON, fails } from '../../src/report/verdict.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'combined-labels');
const files = (side: string): ManifestFile[] => readdirSync(join(FIX, side)).sort().map((f) => ({ path: f, text: readFileSync(join(FIX, side, f), 'utf8') }));
const SECTION = 'Opened only for label combinations (2 paths):';
const LINE = '  shop/[pod with {app=api,app.kubernetes.io/name=some-operator}] and shop/[pod with {app=web,app.kubernetes.io/name=some-operator}] now admit monitoring/[pod with {app.kubernetes.io/name=prometheus}] on TCP 8443, operator-lockdown.yaml:13';

interface PairJson {
  src: { id: string };
  dst: { id: string };
  opened: unknown;
  combinedLabels?: boolean;
}

describe('a lock-down policy for pods the repository does not hold', () => {
  it('opens only for label combinations: reported apart, exit 0, no rollback', async () => {
    const out = await main(['diff', join(FIX, 'base'), join(FIX, 'head')]);
    expect(out.exitCode).toBe(0);
    expect(out.stdout.split('\n')[0]).toBe('2 paths opened only for label combinations, 22 paths closed; 1 new finding.');
    const lines = out.stdout.split('\n');
    const at = lines.indexOf(SECTION);
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/^ {2}These paths open only for pods that would carry the labels of several policies at once/);
    expect(lines[at + 2]).toBe(LINE);
    // After the other opened paths, before the closed ones; nowhere else.
    expect(at).toBeLessThan(lines.findIndex((l) => l.startsWith('Closed with pods the manifests do not hold')));
    expect(out.stdout).not.toContain('Opened with pods the manifests do not hold');
    expect(out.stdout).not.toContain('Rollback');
    // The headline tells what the change does to the operator's pods: it closes.
    expect(lines[2]).toMatch(/^Closes shop\/\[pod with \{app.kubernetes.io\/name=some-operator\}\]/);
    // Asked for, they fail the run.
    expect((await main(['diff', join(FIX, 'base'), join(FIX, 'head'), '--fail-on', 'opened,combined-labels'])).exitCode).toBe(1);
  });

  it('JSON keeps them among the pairs, marked, and counts them apart', async () => {
    const out = await main(['diff', join(FIX, 'base'), join(FIX, 'head'), '--format', 'json']);
    const json = JSON.parse(out.stdout) as { pairs: PairJson[]; summary: Record<string, number>; rollback: { documents: unknown[] } };
    const opened = json.pairs.filter((p) => p.opened !== null);
    expect(opened.length).toBeGreaterThan(0);
    expect(opened.every((p) => p.combinedLabels === true)).toBe(true);
    expect(json.pairs.filter((p) => p.opened === null).every((p) => p.combinedLabels === undefined)).toBe(true);
    expect(json.summary).toMatchObject({ opened: 2, closed: 22, combinedLabels: 2 });
    expect(json.rollback.documents).toEqual([]);
  });

  it('the check run agrees with the exit code: not a failure, its annotation a warning', () => {
    const report = analyzeDiff(files('base'), files('head'));
    expect(report.counts).toMatchObject({ opened: 2, combinedLabels: 2 });
    expect(fails(report.counts, DEFAULT_FAIL_ON)).toBe(false);
    expect(conclusionFor(report.counts, DEFAULT_FAIL_ON, 'neutral')).toBe('neutral');
    expect(conclusionFor(report.counts, ['opened', 'combined-labels'], 'neutral')).toBe('failure');
    const line = annotationsFor(report, { failOn: DEFAULT_FAIL_ON }).find((a) => a.path === 'operator-lockdown.yaml' && a.start_line === 13);
    expect(line?.annotation_level).toBe('warning');
    expect(line?.title).toBe('Opens 2 paths only for label combinations');
  });

  it('Markdown has the section too', async () => {
    const out = await main(['diff', join(FIX, 'base'), join(FIX, 'head'), '--format', 'md']);
    expect(out.stdout).toContain('#### Opened only for label combinations (2)');
    expect(out.stdout).not.toContain('#### Opened with pods the manifests do not hold');
    expect(out.stdout).not.toContain('#### Rollback');
  });
});

describe('a real opening beside label-combination ones', () => {
  it('fails on the real one and rolls back only what opens it', async () => {
    const out = await main(['diff', join(FIX, 'base'), join(FIX, 'head-real')]);
    expect(out.exitCode).toBe(1);
    expect(out.stdout.split('\n')[0]).toBe('6 paths opened (2 of them only for label combinations), 24 paths closed; 1 new finding.');
    expect(out.stdout).toContain(LINE);
    expect(out.stdout).toContain('Opened (1):\n  shop/api[Deployment] => shop/web[Deployment] : TCP 8080');
    expect(out.stdout).toContain('Rollback (proven minimal): revert 1 document to close every opened path but those only for label combinations:\n  revert NetworkPolicy/shop/web (policies.yaml:1)\n');
    expect(out.stdout).not.toContain('delete NetworkPolicy/shop/some-operator');
    const report = analyzeDiff(files('base'), files('head-real'));
    expect(report.rollback.remainingOpened).toBe(0);
    expect(report.rollback.documents.map((d) => d.key)).toEqual(['NetworkPolicy/shop/web']);
  });
});

describe('a label combination that pods with fewer labels do not get', () => {
  it('stays a failing opening: the scraper reaches only pods labelled app=web, which admit it only with the operator label', async () => {
    const out = await main(['diff', join(FIX, 'base-scraped'), join(FIX, 'head-scraped')]);
    expect(out.exitCode).toBe(1);
    expect(out.stdout.split('\n')[0]).toBe('1 path opened, 20 paths closed; 1 new finding.');
    expect(out.stdout).toContain('Opened with pods the manifests do not hold, by rule (1 path):\n  shop/[pod with {app=web,app.kubernetes.io/name=some-operator}] now admits monitoring/prometheus[Deployment] on TCP 8443, operator-lockdown.yaml:13');
    expect(out.stdout).not.toContain('Opened only for label combinations');
    expect(out.stdout).toContain('delete NetworkPolicy/shop/some-operator (operator-lockdown.yaml:2)');
    const report = analyzeDiff(files('base-scraped'), files('head-scraped'));
    expect(report.counts.combinedLabels).toBeUndefined();
    expect(report.pairs.some((p) => p.combinedLabels)).toBe(false);
  });
  it('an operator\'s pods are no mix: a combination isolated in base by a policy whose pods the manifests do not hold stays an ordinary, failing opening', () => {
    // The apps' Deployments gone, the per-app policies select no workload here (an operator's policy for the pods it
    // creates, which carry its labels and those of a policy added for them): the combination may be the real pods.
    const withoutApps = (side: string) => files(side).map((f) => (f.path === 'apps.yaml' ? { ...f, text: f.text.split(/^---$/m).filter((d) => !/kind: Deployment[\s\S]*namespace: shop/.test(d)).join('---') } : f));
    const report = analyzeDiff(withoutApps('base'), withoutApps('head'));
    expect(report.counts.opened).toBeGreaterThan(0);
    expect(report.counts.combinedLabels ?? 0).toBe(0);
    expect(fails(report.counts, DEFAULT_FAIL_ON)).toBe(true);
  });
});

describe('a revert that leaves a label combination open without what made it one', () => {
  // head-undone: the lock-down (some-operator) also admits Prometheus to op-worker, a Deployment that other
  // policies isolated: an ordinary opening only reverting the lock-down closes. web-operator admits Prometheus to
  // pods carrying app=web and the operator's label: a combination in head (the operator's pods alone have the port
  // by the lock-down), an ordinary opening once the lock-down is reverted.
  it('judges the reverted head as the diff does: the rollback reverts both policies', async () => {
    const report = analyzeDiff(files('base-undone'), files('head-undone'));
    expect(report.counts).toMatchObject({ opened: 6, combinedLabels: 5 });
    expect(report.rollback.documents.map((d) => d.key).sort()).toEqual(['NetworkPolicy/shop/some-operator', 'NetworkPolicy/shop/web-operator']);
    expect(report.rollback.minimality).toBe('proven');
    expect(report.rollback.remainingOpened).toBe(0);
    // Reverting the lock-down alone leaves an ordinary opening, as the diff of that head says.
    const lockdownReverted = files('head-undone').filter((f) => f.path !== 'operator-lockdown.yaml');
    const alone = analyzeDiff(files('base-undone'), lockdownReverted);
    expect(alone.counts.opened - (alone.counts.combinedLabels ?? 0)).toBe(1);
    // With the rollback applied, nothing is opened.
    const applied = files('head-undone').filter((f) => f.path !== 'operator-lockdown.yaml' && f.path !== 'web-operator.yaml');
    expect(analyzeDiff(files('base-undone'), applied).counts.opened).toBe(0);
    const out = await main(['diff', join(FIX, 'base-undone'), join(FIX, 'head-undone')]);
    expect(out.stdout).toContain('Rollback (proven minimal): revert 2 documents to close every opened path but those only for label combinations:\n  delete NetworkPolicy/shop/some-operator (operator-lockdown.yaml:2)\n  delete NetworkPolicy/shop/web-operator (web-operator.yaml:2)\n');
  });
});
