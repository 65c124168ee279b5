/**
 * Pods named by one label, the others counted (pods-text.ts), where two regions of a report differ only by a
 * long label: both read `monitoring/[pod with {app.kubernetes.io/name=alertmanager} +3 labels]`, one line named
 * the same name twice and the full-names list kept one of the two ids (ux47's leftover). A report's names write
 * the labels that tell such pods apart (report/telling-names.ts). Fixture: test/fixtures/twin-operators (README).
 */
import { join } from 'node:path';
import type { LabelSelector, Requirement } from '../../src/engine/index.js';
import { abstractPeer } from '../../src/engine/index.js';
import { main } from '../../src/cli/main.js';
import { idText, podsText } from '../../src/report/pods-text.js';
import { reportTelling, reportsTelling, sharedFindingNames, tellTogether, tellingLabels } from '../../src/report/telling-names.js';
import type { DiffReport } from '../../src/analysis/types.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'twin-operators');
const args = (format: string) => ['diff', join(FIX, 'base'), join(FIX, 'head'), '--format', format, '--fail-on', 'never'];
const INSTANCE = 'app.kubernetes.io/instance=kube-prometheus-stack-alertmanager';
const ALIKE = 'monitoring/[pod with {app.kubernetes.io/name=alertmanager} +3 labels]';

const sel = (matchLabels: Record<string, string>, ...expressions: Requirement[]): LabelSelector => ({ matchLabels, expressions });
const operator = (instance: string, more: Record<string, string> = {}) =>
  sel({ 'app.kubernetes.io/name': 'alertmanager', 'app.kubernetes.io/instance': instance, 'app.kubernetes.io/managed-by': 'prometheus-operator', 'app.kubernetes.io/part-of': 'kube-prometheus-stack', ...more });

describe('names that would read alike', () => {
  it('write the labels that tell them apart; a name alone keeps its short form', () => {
    const main = abstractPeer('monitoring', operator('kube-prometheus-stack-alertmanager-main'));
    const other = abstractPeer('monitoring', operator('kube-prometheus-stack-alertmanager-secondary'));
    const alone = abstractPeer('monitoring', { ...operator('x'), matchLabels: { ...operator('x').matchLabels, 'app.kubernetes.io/name': 'prometheus' } });
    const telling = tellingLabels([main, other, alone]);
    expect(podsText(main, telling)).toBe(`monitoring/[pod with {${INSTANCE}-main,app.kubernetes.io/name=alertmanager} +2 labels]`);
    expect(podsText(other, telling)).toBe(`monitoring/[pod with {${INSTANCE}-secondary,app.kubernetes.io/name=alertmanager} +2 labels]`);
    expect(podsText(alone, telling)).toBe('monitoring/[pod with {app.kubernetes.io/name=prometheus} +3 labels]');
    // Without the report's names: the short form as before.
    expect(podsText(main)).toBe(ALIKE);
  });

  it('one more label than the other: that label is written, the other keeps its short form', () => {
    const fewer = abstractPeer('monitoring', operator('kube-prometheus-stack-alertmanager-main'));
    const more = abstractPeer('monitoring', operator('kube-prometheus-stack-alertmanager-main', { 'app.kubernetes.io/component': 'alert-router-for-the-cluster' }));
    const telling = tellingLabels([fewer, more]);
    expect(podsText(fewer, telling)).toBe(ALIKE);
    expect(podsText(more, telling)).toBe('monitoring/[pod with {app.kubernetes.io/component=alert-router-for-the-cluster,app.kubernetes.io/name=alertmanager} +3 labels]');
  });
});

describe('a diff of two operator policies that differ by their instance label', () => {
  it.each(['text', 'md'])('%s: every name tells main from secondary; each full name listed', async (format) => {
    const out = (await main(args(format))).stdout;
    expect(out).not.toContain(ALIKE);
    for (const which of ['main', 'secondary']) {
      expect(out).toContain(`monitoring/[pod with {${INSTANCE}-${which},app.kubernetes.io/name=alertmanager} +2 labels]`);
      expect(out).toMatch(new RegExp(`${INSTANCE}-${which},app.kubernetes.io/name=alertmanager} \\+2 labels]\`? is \`?monitoring/\\[pod with \\{${INSTANCE}-${which},`));
    }
  });
});

describe('names alike but for what a count or a cut leaves out (names48 leftover)', () => {
  const req = (key: string, op: Requirement['op'], ...values: string[]): Requirement => ({ key, op, values });
  const long = (k: string) => `example.com/a-rather-long-label-key-${k}`;
  const vals = ['a-value-long-enough-to-matter', 'another-value-long-enough-to-matter'];
  const twin = (last: string) => abstractPeer('ns', sel({ app: 'web' }, ...['a', 'b', 'c'].map((k) => req(long(k), 'NotIn', ...vals)), req(long('d'), 'NotIn', ...vals, last)));

  it('+N exclusions: the exclusion that tells them apart is written in full', () => {
    const [first, second] = [twin('first-one-long-enough-value'), twin('second-one-long-enough-value')];
    expect(podsText(first)).toBe(podsText(second));
    expect(podsText(first)).toContain('+3 exclusions]');
    const telling = tellingLabels([first, second]);
    expect(podsText(first, telling)).toContain(`${long('d')} NotIn (${vals.join(',')},first-one-long-enough-value)`);
    expect(podsText(second, telling)).toContain(`${long('d')} NotIn (${vals.join(',')},second-one-long-enough-value)`);
    expect(podsText(first, telling)).toContain('+2 exclusions]');
  });

  it('namespaces cut after three: every name written', () => {
    const NAME = 'kubernetes.io/metadata.name';
    const other = (...names: string[]) => abstractPeer(sel({}, req(NAME, 'NotIn', ...names)), sel({}));
    const [e, f] = [other('a', 'b', 'c', 'd', 'e'), other('a', 'b', 'c', 'd', 'f')];
    expect(podsText(e)).toBe('[namespace other than a, b, c and 2 more]/[all pods]');
    const telling = tellingLabels([e, f]);
    expect(podsText(e, telling)).toBe('[namespace other than a, b, c, d, e]/[all pods]');
    expect(podsText(f, telling)).toBe('[namespace other than a, b, c, d, f]/[all pods]');
  });
});

describe('the sections, shared findings and picture of several targets (names49 leftover)', () => {
  const main = abstractPeer('monitoring', operator('kube-prometheus-stack-alertmanager-main'));
  const other = abstractPeer('monitoring', operator('kube-prometheus-stack-alertmanager-secondary'));
  const report = (...peers: ReturnType<typeof abstractPeer>[]) =>
    ({ pairs: peers.map((peer) => ({ src: { type: 'pods' as const, peer }, dst: { type: 'pods' as const, peer } })), widerRegions: [], isolationCauses: [], findings: [] }) as unknown as DiffReport;
  // A finding that names the main instance's pods, which no pair of its targets names.
  const finding = { message: `NetworkPolicy x selects no workload (made by an operator: ${main.id} in diff).` };
  const MAIN = `monitoring/[pod with {${INSTANCE}-main,app.kubernetes.io/name=alertmanager} +2 labels]`;
  const SECONDARY = `monitoring/[pod with {${INSTANCE}-secondary,app.kubernetes.io/name=alertmanager} +2 labels]`;

  it('a shared finding and another target\'s section never give one short name to two pods', () => {
    const prod = { ...report(), findings: [finding] } as unknown as DiffReport;
    const canary = report(other);
    // Alone, each would say the short name: the finding for main, canary's section for secondary.
    expect(idText(main.id, reportTelling(prod))).toBe(ALIKE);
    expect(idText(other.id, reportTelling(canary))).toBe(ALIKE);
    tellTogether([prod, canary]);
    const names = sharedFindingNames([prod, canary]);
    expect(names.name(main.id)).toBe(MAIN);
    expect(idText(other.id, reportTelling(canary))).toBe(SECONDARY);
    // One id reads the same in every section and in the picture's Telling over the targets.
    expect(idText(main.id, reportTelling(prod))).toBe(MAIN);
    expect(idText(other.id, reportsTelling([prod, canary]))).toBe(SECONDARY);
    expect(names.shortened.get(MAIN)).toBe(main.id);
  });

  it('a name nothing else shown reads alike keeps its short form', () => {
    const prod = report(main);
    const staging = report(main);
    tellTogether([prod, staging]);
    expect(sharedFindingNames([prod, staging]).name(main.id)).toBe(ALIKE);
    expect(idText(main.id, reportTelling(staging))).toBe(ALIKE);
  });
});
