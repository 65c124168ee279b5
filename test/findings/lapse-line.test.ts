/**
 * A CROSS_NAMESPACE_PATH of a policy that no longer isolates or denies (removed, narrowed) is told at the
 * line the change edits (analysis/change-lines.ts), never at the destination workload's line in a file the
 * pull request does not touch (new-user 35 #6): the head line where the policy was deleted or edited, the
 * kustomization entry deleted with its file, else (a plain file deleted) the policy's base line.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { headLineOf } from '../../src/analysis/change-lines.js';
import { DEFAULT_FINDINGS_CONFIG } from '../../src/findings/index.js';
import { checkRunResult } from '../../src/report/check-run.js';

const doc = (lines: readonly string[]) => lines.join('\n') + '\n';
const deployment = (ns: string, name: string) =>
  doc(['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${name}`, `  namespace: ${ns}`, 'spec:', `  selector: {matchLabels: {app: ${name}}}`, '  template:', `    metadata: {labels: {app: ${name}}}`, '    spec: {containers: [{name: c, image: x}]}']);
const namespaces = doc(['apiVersion: v1', 'kind: Namespace', 'metadata: {name: shop}', '---', 'apiVersion: v1', 'kind: Namespace', 'metadata: {name: data}']);
/** Workloads in their own file, which the changes below never touch. */
const apps = `${deployment('shop', 'web')}---\n${deployment('shop', 'api')}---\n${deployment('data', 'db')}`;
const policy = (name: string, spec: readonly string[]) => doc(['apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', `  name: ${name}`, '  namespace: data', 'spec:', ...spec]);
const denyAll = policy('deny', ['  podSelector: {}', '  policyTypes: [Ingress]']);
/** A policy beside it that selects no pod: the file keeps a document when the deny goes. */
const fromData = policy('from-data', ['  podSelector: {matchLabels: {app: none}}', '  ingress:', '  - from: [{podSelector: {}}]']);

type Files = Record<string, string>;
const asFiles = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));
const lapseOf = (base: Files, head: Files) => {
  const report = analyzeDiff(asFiles(base), asFiles(head), { findings: DEFAULT_FINDINGS_CONFIG });
  const found = report.findings.filter((f) => f.code === 'CROSS_NAMESPACE_PATH');
  expect(found).toHaveLength(1);
  expect(found[0].object).toBe('lapsed:ingress:data/deny');
  const check = checkRunResult(report, { failOn: ['opened'], otherChanges: 'neutral', rollbackButton: false, text: '' });
  const annotations = check.annotations.filter((a) => a.title.includes('CROSS_NAMESPACE_PATH')).map((a) => `${a.path}:${a.start_line}`);
  return { at: `${found[0].ref.file}:${found[0].ref.line}`, annotations };
};
const common = { 'namespaces.yaml': namespaces, 'apps.yaml': apps };

describe('CROSS_NAMESPACE_PATH of a lapsed isolation, at the line the change edits', () => {
  it('a default-deny deleted from a file that stays: the head line where it was, not the destination workload (apps.yaml)', () => {
    // policies.yaml: from-data (lines 1-9), then the deny (11-17); head keeps from-data and a third policy after the deny.
    const after = policy('other', ['  podSelector: {matchLabels: {app: none}}', '  policyTypes: [Ingress]']);
    const { at, annotations } = lapseOf({ ...common, 'policies.yaml': `${fromData}---\n${denyAll}---\n${after}` }, { ...common, 'policies.yaml': `${fromData}---\n${after}` });
    expect(at).toBe('policies.yaml:11');
    expect(annotations).toEqual(['policies.yaml:11']);
  });

  it('a default-deny narrowed (it selects other pods now): its head line', () => {
    const narrowed = denyAll.replace('podSelector: {}', 'podSelector: {matchLabels: {app: none}}');
    const { at } = lapseOf({ ...common, 'deny.yaml': `# data's isolation\n${denyAll}` }, { ...common, 'deny.yaml': `# data's isolation\n# narrowed\n${narrowed}` });
    // The edited podSelector (the lapse follows the base reason, cited at its selector: subject-edits.ts), after the comment the change added above it.
    expect(at).toBe('deny.yaml:9');
  });

  it('its file deleted with the kustomization entry that included it: the line of that entry in head', () => {
    const kustomization = (entries: readonly string[]) => doc(['resources:', ...entries.map((e) => `  - ${e}`)]);
    const { at } = lapseOf(
      { ...common, 'k/kustomization.yaml': kustomization(['from-data.yaml', 'deny.yaml', 'extra.yaml']), 'k/from-data.yaml': fromData, 'k/deny.yaml': denyAll, 'k/extra.yaml': policy('extra', ['  podSelector: {matchLabels: {app: none}}']) },
      { ...common, 'k/kustomization.yaml': kustomization(['from-data.yaml', 'extra.yaml']), 'k/from-data.yaml': fromData, 'k/extra.yaml': policy('extra', ['  podSelector: {matchLabels: {app: none}}']) },
    );
    expect(at).toBe('k/kustomization.yaml:3');
  });

  it('a plain file deleted: no head line says it, so the removed policy\'s own base line', () => {
    const { at } = lapseOf({ ...common, 'from-data.yaml': fromData, 'deny.yaml': denyAll }, { ...common, 'from-data.yaml': fromData });
    expect(at).toBe('deny.yaml:1');
  });
});

describe('headLineOf', () => {
  it.each([
    ['a line above every change stays', 'a\nb\nc\n', 'a\nb\nX\nc\n', 1, 1],
    ['a line below an insertion shifts down', 'a\nb\nc\n', 'X\na\nb\nc\n', 2, 3],
    ['a line below a deletion shifts up', 'a\nb\nc\nd\n', 'a\nd\n', 4, 2],
    ['a deleted line goes to the head line after the deletion', 'a\nb\nc\nd\n', 'a\nd\n', 2, 2],
    ['a deleted last line goes to the last head line', 'a\nb\nc\n', 'a\nb\n', 3, 2],
  ])('%s', (_, base, head, line, expected) => {
    expect(headLineOf(base, head, line)).toBe(expected);
  });
});
