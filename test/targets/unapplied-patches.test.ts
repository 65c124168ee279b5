/**
 * A changed patch of an object only a remote resource holds (a `$patch: delete` of the Argo CD install's
 * NetworkPolicy) is applied by Kustomize and by no analysis here: the verdict is ⚠️ "Not analysed" and the check
 * `neutral`, never ✅ "No change" (kasuboski/k8s-gitops c416efe78 deleted argocd-repo-server-network-policy).
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { sideTreesSync } from '../helpers/git.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { targetsCheckRun } from '../../src/report/targets-check-run.js';
import { DEFAULT_FAIL_ON } from '../../src/report/verdict.js';
import { appDeployment } from '../helpers/deployment-yaml.js';

const web = appDeployment('web', 'argocd', ', ports: [{containerPort: 8080}]');
const deletion = `$patch: delete
kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
metadata:
  name: argocd-repo-server-network-policy
`;
const kustomization = (patched: boolean) =>
  `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: argocd\nresources:\n  - github.com/argoproj/argo-cd/manifests/cluster-install?ref=v2.6.2\n  - web.yaml\n${patched ? 'patchesStrategicMerge:\n  - network-policy.yaml\n' : ''}`;
const files = (patched: boolean): Record<string, string> => ({
  'gitops/argocd/kustomization.yaml': kustomization(patched),
  'gitops/argocd/web.yaml': web,
  ...(patched ? { 'gitops/argocd/network-policy.yaml': deletion } : {}),
});
const asList = (f: Record<string, string>) => Object.entries(f).map(([path, text]) => ({ path, text }));

test('a `$patch: delete` of a remote resource\'s NetworkPolicy added: "Not analysed" at the patch, ⚠️, check neutral', async () => {
  const root = sideTreesSync({ base: files(false), head: files(true) }, 'reachdiff-unapplied-patch-');
  const [base, head] = [join(root, 'base'), join(root, 'head')];
  const text = await main(['diff', base, head]);
  expect(text.exitCode).toBe(0);
  expect(text.stdout).toContain("Note: Not analysed: a changed patch of objects the build does not have (it lacks a remote resource's objects), which Kustomize applies to them: gitops/argocd/network-policy.yaml:1 (strategic merge patch NetworkPolicy argocd-repo-server-network-policy).");
  const md = await main(['diff', base, head, '--format', 'md']);
  expect(md.stdout.split('\n')[0]).toMatch(/^### ⚠️ reachdiff: No change found in what was analysed; not analysed: a changed patch of objects the build does not have/);
  const report = await analyzeTargets(asList(files(false)), asList(files(true)));
  expect(targetsCheckRun(report, { failOn: DEFAULT_FAIL_ON, otherChanges: 'success', rollbackButton: false, text: '' }).conclusion).toBe('neutral');
});

test('the patch removed: named at its base line', async () => {
  const report = await analyzeTargets(asList(files(true)), asList(files(false)));
  const notes = report.notices.filter((n) => n.code === 'OUTSIDE_TARGETS').map((n) => n.message);
  expect(notes).toEqual([expect.stringContaining('base:gitops/argocd/network-policy.yaml:1 (strategic merge patch NetworkPolicy argocd-repo-server-network-policy, removed by this change)')]);
});

test('an unchanged unapplied patch beside another change: no note', async () => {
  const other = (image: string) => ({ ...files(true), 'gitops/argocd/web.yaml': web.replace('image: i', `image: ${image}`) });
  const report = await analyzeTargets(asList(other('web:1')), asList(other('web:2')));
  expect(report.notices.filter((n) => n.code === 'OUTSIDE_TARGETS')).toEqual([]);
});
