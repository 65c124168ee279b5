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
import { podsText } from '../../src/report/pods-text.js';
import { tellingLabels } from '../../src/report/telling-names.js';

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
