/**
 * A target paired across a move is compared as one cluster, so the policies it moved read as unchanged:
 * text, Markdown and the check run say what that rests on, under the verdict, with what the change does
 * if the folded target was not deployed (real-eval 7, problem 5: operator-marketplace 481455951 reduced,
 * "No change in allowed connectivity." and nothing else, for three policies applied for the first time).
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { renderTargetsMarkdown } from '../../src/report/targets-markdown.js';
import { targetsCheckRun } from '../../src/report/targets-check-run.js';
import { targetsText } from '../../src/report/targets-text.js';
import { DEFAULT_FAIL_ON } from '../../src/report/verdict.js';

const policy = (name: string, spec: string, annotations = '') =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: market\n${annotations}spec:\n${spec}`;
const DENY = '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n';
const OPERATOR = '  podSelector: {matchLabels: {name: operator}}\n  ingress:\n  - ports: [{port: 8081}]\n  egress:\n  - ports: [{port: 6443}]\n';
const NOTED = '  annotations:\n    capability.openshift.io/name: marketplace\n';
const DEPLOY = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: market}\nspec:\n  selector: {matchLabels: {name: ${name}}}\n  template:\n    metadata: {labels: {name: ${name}}}\n    spec: {containers: [{name: c, image: op}]}\n`;
const PLAIN = { 'manifests/01_deploy.yaml': DEPLOY('operator'), 'manifests/02_deploy.yaml': DEPLOY('catalog') };
/** Base: the policies in their own kustomization, the workloads in the plain manifests. */
const BASE = {
  ...PLAIN,
  'config/networkpolicy/kustomization.yaml': 'resources:\n- default-deny.yaml\n- operator.yaml\n',
  'config/networkpolicy/default-deny.yaml': policy('default-deny-all', DENY),
  'config/networkpolicy/operator.yaml': policy('operator', OPERATOR),
};
/** The policies moved into the plain manifests, each file edited. */
const MOVED = {
  ...PLAIN,
  'manifests/13_default-deny.yaml': policy('default-deny-all', '  podSelector: {}\n  policyTypes:\n    - Ingress\n    - Egress\n', NOTED),
  'manifests/14_operator.yaml': policy('operator', OPERATOR, NOTED),
};
const asList = (files: Record<string, string>) => Object.entries(files).map(([path, text]) => ({ path, text }));
const reportOf = (base: Record<string, string>, head: Record<string, string>) => analyzeTargets(asList(base), asList(head));
const RUN = { failOn: DEFAULT_FAIL_ON, otherChanges: 'neutral', rollbackButton: false, text: '' } as const;

describe('a target folded into another', () => {
  it('says under the verdict that base deployed it to that cluster, and what the change closes if it did not', async () => {
    const report = await reportOf(BASE, MOVED);
    expect(report.targets.map((t) => t.name)).toEqual(['plain manifests (was plain manifests + config/networkpolicy)']);
    // Had base not deployed the kustomization, head's policies are new: the plain manifests compared alone.
    const alone = await reportOf(PLAIN, MOVED);
    expect(alone.counts.opened).toBe(0);
    expect(alone.counts.closed).toBeGreaterThan(0);
    const note = `Base's target config/networkpolicy is taken as folded into plain manifests (its policies moved there): if it was not deployed, the moved policies are new, and the change closes ${alone.counts.closed} paths.`;
    // Right under the verdict, which gives both readings (the "no change" rests on the fold: assumed-fold.ts).
    const verdict = `No change in allowed connectivity if config/networkpolicy was deployed on its own, otherwise the change closes ${alone.counts.closed} paths`;
    expect(targetsText(report).split('\n').slice(0, 3)).toEqual([expect.stringMatching(new RegExp(`^${verdict}\\b`)), '', `Note: ${note}`]);
    expect(renderTargetsMarkdown(report).split('\n').slice(0, 3)).toEqual([expect.stringMatching(new RegExp(`^### \\S+ reachdiff: ${verdict}\\b`)), '', `> ⚠️ ${note}`]);
    const run = targetsCheckRun(report, RUN);
    expect(run.conclusion).toBe('neutral');
    expect(run.summary.split('\n').slice(0, 3)).toEqual([expect.stringMatching(new RegExp(`^\\*\\*${verdict}\\b`)), '', `⚠️ ${note} So the check is not \`success\`.`]);
  });

  it('split out of one both sides have: what the change opens if head does not deploy it', async () => {
    const report = await reportOf(MOVED, BASE);
    expect(report.targets.map((t) => t.name)).toEqual(['plain manifests + config/networkpolicy (was plain manifests)']);
    const alone = await reportOf(MOVED, PLAIN);
    expect(alone.counts.opened).toBeGreaterThan(0);
    expect(targetsText(report)).toContain(
      `Note: Head's target config/networkpolicy is taken as split from plain manifests (its policies moved there): if it is not deployed, the moved policies no longer apply, and the change opens ${alone.counts.opened} paths.\n`,
    );
  });

  it('moved to a new target: the pairing is said, without a count', async () => {
    const unplaced = (name: string, spec: string) => policy(name, spec, NOTED).replace('  namespace: market\n', '');
    const head = {
      ...PLAIN,
      'deploy/policies/kustomization.yaml': 'namespace: market\nresources: [deny.yaml, operator.yaml]\n',
      'deploy/policies/deny.yaml': unplaced('default-deny-all', DENY),
      'deploy/policies/operator.yaml': unplaced('operator', OPERATOR),
    };
    const text = targetsText(await reportOf(BASE, head));
    expect(text).toContain("Note: Base's target config/networkpolicy is taken as the same deployment as head's deploy/policies (its policies moved there): if it was not deployed, the policies of deploy/policies are new.\n");
  });

  it('a removed target is no fold: nothing is assumed', async () => {
    const report = await reportOf(BASE, PLAIN);
    expect(targetsText(report)).not.toContain('taken as');
    expect(renderTargetsMarkdown(report)).not.toContain('ℹ️');
  });
});
