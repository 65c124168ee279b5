/** COMMON_LABELS_NARROWING through the real Kustomize renderer, in lint and as a new finding in diff. */
import { main } from '../../src/cli/main.js';
import { tempFolderSync } from '../helpers/git.js';

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-in, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
    - from:
        - podSelector: {matchLabels: {app: client}}
`;

const tree = (kustomization: string): string => tempFolderSync({ 'app/kustomization.yaml': kustomization, 'app/policy.yaml': POLICY }, 'reachdiff-kust-');

describe('COMMON_LABELS_NARROWING', () => {
  it('commonLabels added to a peer podSelector is a finding at the peer', async () => {
    const dir = tree('resources: [policy.yaml]\ncommonLabels: {team: shop}\n');
    const out = JSON.parse((await main(['lint', dir, '--format', 'json', '--fail-level', 'never'])).stdout);
    const narrowing = out.findings.filter((f: { code: string }) => f.code === 'COMMON_LABELS_NARROWING');
    // The peer, and the policy's own podSelector: no workload of this build carries {app=web,team=shop}.
    expect(narrowing).toEqual([expect.objectContaining({ severity: 'warning', file: 'app/policy.yaml', line: 5 }), expect.objectContaining({ severity: 'warning', file: 'app/policy.yaml', line: 8 })]);
    expect(narrowing[0].message).toContain('spec.podSelector gains team=shop');
    expect(narrowing[1].message).toContain('spec.ingress[0].from[0].podSelector gains team=shop');
    // Kustomize labels pod templates with `labels:` only given includeTemplates: true (includeSelectors: false alone labels object metadata).
    expect(narrowing[0].fix).toContain('`includeSelectors: false` and `includeTemplates: true`');
    expect(narrowing[0].fix).not.toMatch(/includeSelectors: false` \(labels on objects and templates/);
    // Not repeated among the warnings.
    expect(out.warnings.map((w: { code: string }) => w.code)).not.toContain('KUSTOMIZE_LABEL_NARROWS_PEER');
  });

  it('three in one file are told as one group, each of the others once by its policy (new-user 37: "NetworkPolicy shop/web: NetworkPolicy shop/web: …")', async () => {
    const more = ['a', 'b', 'c'].map((n) => POLICY.replace('name: web-in', `name: ${n}-in`).replace('{app: client}', `{app: ${n}}`)).join('---\n');
    const dir = (k: string) => tempFolderSync({ 'app/kustomization.yaml': k, 'app/policy.yaml': more }, 'reachdiff-kust-');
    // The diff's prose groups findings alike (finding-groups.ts): the head adds the labels.
    const text = (await main(['diff', dir('resources: [policy.yaml]\n'), dir('resources: [policy.yaml]\ncommonLabels: {team: shop}\n'), '--fail-on', 'never'])).stdout;
    expect(text).toContain('the same for');
    expect(text).toContain('NetworkPolicy shop/b-in: spec.ingress[0].from[0].podSelector gains team=shop');
    expect(text).not.toMatch(/NetworkPolicy shop\/\w+-in: NetworkPolicy/);
  });

  it('labels with includeSelectors: the same finding, its title naming labels too (new-user 37 and 39: "commonLabels" alone)', async () => {
    const dir = tree('resources: [policy.yaml]\nlabels:\n  - pairs: {team: shop}\n    includeSelectors: true\n');
    const md = (await main(['lint', dir, '--format', 'md', '--fail-level', 'never'])).stdout;
    expect(md).toContain('**Label narrowing by Kustomize commonLabels or labels**');
    expect(md).toContain('spec.ingress[0].from[0].podSelector gains team=shop');
  });

  it('labels without includeSelectors leave selectors alone (near miss)', async () => {
    const dir = tree('resources: [policy.yaml]\nlabels:\n  - pairs: {team: shop}\n    includeSelectors: false\n');
    const out = JSON.parse((await main(['lint', dir, '--format', 'json', '--fail-level', 'never'])).stdout);
    expect(out.findings.filter((f: { code: string }) => f.code === 'COMMON_LABELS_NARROWING')).toEqual([]);
  });

  it('is new in a diff whose head adds the commonLabels', async () => {
    const base = tree('resources: [policy.yaml]\n');
    const head = tree('resources: [policy.yaml]\n# shop team labels\ncommonLabels: {team: shop}\n');
    const out = JSON.parse((await main(['diff', base, head, '--format', 'json', '--fail-on', 'never'])).stdout);
    expect(out.findings.filter((f: { code: string; new: boolean }) => f.code === 'COMMON_LABELS_NARROWING' && f.new).map((f: { line: number }) => f.line)).toEqual([5, 8]);
  });
});
