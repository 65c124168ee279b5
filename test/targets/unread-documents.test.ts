/**
 * A changed policy document the loader drops with an error the pull request did not bring (no
 * metadata.name, rejected by the API server) is not analysed: the verdict is ⚠️ and the check `neutral`,
 * never ✅ "No change" (real-eval 12, problem 1: cluster-dns-operator 1e7d47f1 edited a name-less policy).
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { sideTreesSync } from '../helpers/git.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { targetsCheckRun } from '../../src/report/targets-check-run.js';
import { dropsObject } from '../../src/targets/unread-documents.js';
import { DEFAULT_FAIL_ON } from '../../src/report/verdict.js';

const web = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: web, ports: [{containerPort: 8080}]}]}
`;
/** No name: the loader drops it (MISSING_FIELD), on both sides. */
const nameless = (port: number) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
  - ports: [{port: ${port}}]
`;
const files = (port: number) => ({ 'app/web.yaml': web, 'app/policy.yaml': nameless(port) });

test('an edited policy without a name: "Not analysed" under the verdict, ⚠️, exit 0, check neutral', async () => {
  const root = sideTreesSync({ base: files(8080), head: files(9090) }, 'reachdiff-unread-doc-');
  const [base, head] = [join(root, 'base'), join(root, 'head')];
  const text = await main(['diff', base, head]);
  expect(text.exitCode).toBe(0);
  expect(text.stdout).toContain('Note: Not analysed: a changed document that reachdiff cannot read and ignores: app/policy.yaml:1 (NetworkPolicy without metadata.name). What its change allows or denies is in no analysis');
  const md = await main(['diff', base, head, '--format', 'md']);
  // Never a plain "No change": what was not analysed, at its line (report/targets-markdown.ts unanalysedInputs).
  expect(md.stdout.split('\n')[0]).toBe('### ⚠️ reachdiff: No change found in what was analysed; not analysed: a changed document that reachdiff cannot read and ignores (app/policy.yaml:1).');
  const report = await analyzeTargets([{ path: 'app/web.yaml', text: web }, { path: 'app/policy.yaml', text: nameless(8080) }], [{ path: 'app/web.yaml', text: web }, { path: 'app/policy.yaml', text: nameless(9090) }]);
  expect(targetsCheckRun(report, { failOn: DEFAULT_FAIL_ON, otherChanges: 'success', rollbackButton: false, text: '' }).conclusion).toBe('neutral');
});

test('the same error in a file whose other documents change: no note (the ignored document did not change)', async () => {
  const withConfig = (level: string) => ({ ...files(8080), 'app/policy.yaml': `${nameless(8080)}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\ndata: {level: ${level}}\n` });
  const root = sideTreesSync({ base: withConfig('info'), head: withConfig('debug') }, 'reachdiff-unread-doc-');
  const md = await main(['diff', join(root, 'base'), join(root, 'head'), '--format', 'md']);
  expect(md.stdout).not.toContain('Not analysed');
});

test('which errors drop the object', () => {
  const error = (code: string, message: string) => ({ severity: 'error' as const, code: code as never, message, ref: { file: 'a.yaml', line: 1 } });
  expect(dropsObject(error('MISSING_FIELD', 'NetworkPolicy without metadata.name; ignored'))).toBe(true);
  // The loader's line that a policy is not applied carries it as data (Diagnostic `unapplied`); told as kept at base's, the object is analysed.
  const unapplied = { owner: 'NetworkPolicy a/b', by: 'api-server' as const };
  expect(dropsObject({ ...error('INVALID_FIELD', 'NetworkPolicy a/b would be rejected by the API server; it is not applied'), unapplied })).toBe(true);
  expect(dropsObject({ ...error('INVALID_FIELD', "NetworkPolicy a/b: head's version would be rejected by the API server, so the sync fails on it and the cluster keeps base's version (base:a.yaml:1); analysed with base's"), unapplied: { ...unapplied, keptBase: true as const } })).toBe(false);
  expect(dropsObject(error('PORT_OUT_OF_RANGE', 'ports[0].port: 70000 is above 65535; port ignored'))).toBe(false);
  expect(dropsObject(error('INVALID_LABEL', 'label value "x y" must be …'))).toBe(false);
});
