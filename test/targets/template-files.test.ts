/**
 * Template files another tool renders are no manifests (template-files.ts): a Freemarker `*.ftl.yaml`
 * policy with `namespace: ${namespace}` gave 3 "errors Kubernetes will reject", exit 1, ❌ (real-eval 12,
 * problem 7, cloudogu/gitops-playground caa80a62). Now: "Not analysed: FILE is a template (…)", ⚠️, exit 0.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { sideTreesSync } from '../helpers/git.js';
import { templateReason } from '../../src/targets/template-files.js';
import { appDeployment } from '../helpers/deployment-yaml.js';

const web = appDeployment('web', 'demo');
const iperfJob = `apiVersion: batch/v1
kind: Job
metadata:
  name: &name "\${SERVER_NAME}"
  namespace: "\${SERVER_NS}"
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: *name
          image: debian
          args: ["iperf -s -p \${SERVER_PORT}"]
`;
const templatePolicy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-prometheus-scraping
  namespace: \${namespace}
spec:
  podSelector: {}
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          name: \${namePrefix}monitoring
`;

test('a new Freemarker policy template: a "Not analysed" note, no errors, ⚠️, exit 0', async () => {
  const root = sideTreesSync({ base: { 'apps/demo/deploy.yaml': web }, head: { 'apps/demo/deploy.yaml': web, 'apps/monitoring/netpols/prometheus-allow-scraping.ftl.yaml': templatePolicy } }, 'reachdiff-templates-');
  const [base, head] = [join(root, 'base'), join(root, 'head')];
  const text = await main(['diff', base, head]);
  expect(text.exitCode).toBe(0);
  expect(text.stdout).not.toMatch(/error|INVALID_/);
  expect(text.stdout).toContain('Note: Not analysed: apps/monitoring/netpols/prometheus-allow-scraping.ftl.yaml is a template (namespace `${namespace}`, selector name=`${namePrefix}monitoring`, Freemarker file name *.ftl.*)');
  const md = await main(['diff', base, head, '--format', 'md']);
  // Never a plain "No change": what was not analysed, at its line (report/targets-markdown.ts unanalysedInputs).
  expect(md.stdout.split('\n')[0]).toBe('### ⚠️ reachdiff: No change found in what was analysed; not analysed: apps/monitoring/netpols/prometheus-allow-scraping.ftl.yaml:1 is a template (namespace `${namespace}`, selector name=`${namePrefix}monitoring`, Freemarker file name *.ftl.*).');
});

test('a plain .yaml policy whose namespace is a placeholder is a template too; an unchanged one is one note', async () => {
  const files = { 'apps/demo/deploy.yaml': web, 'apps/policies/np.yaml': templatePolicy.replace('allow-prometheus-scraping', 'np') };
  const root = sideTreesSync({ base: files, head: { ...files, 'apps/demo/deploy.yaml': web.replace('image: web', 'image: web2') } }, 'reachdiff-templates-');
  const json = JSON.parse((await main(['diff', join(root, 'base'), join(root, 'head'), '--format', 'json'])).stdout) as { notices: { code: string; message: string }[]; summary: { errors: number } };
  expect(json.summary.errors).toBe(0);
  expect(json.notices.filter((n) => n.code === 'NOT_DEPLOYED').map((n) => n.message)).toEqual([expect.stringMatching(/^Not taken as deployments: 1 template file \(apps\/policies\/np\.yaml\)/)]);
  expect(json.notices.filter((n) => n.code === 'OUTSIDE_TARGETS')).toEqual([]);
});

test('a plain file named *.template.yaml is a template: no "errors Kubernetes will reject" for its placeholder names', async () => {
  // real-eval 25: fiducia-cloud/fiducia-infra 1065637, aedf1a1, 6d799c8 (`laptop/tailnet-cluster.template.yaml`, rendered by a
  // script that replaces __PEER1__ …) read "plain manifests: 4 errors Kubernetes will reject" in the headline.
  const services = ['node', 'brain'].map((n) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${n}-__PEER1__-tailnet\n  namespace: demo\nspec:\n  selector: {app: ${n}}\n  ports: [{port: 9090}]\n`).join('---\n');
  // Its neighbour, a Tailscale policy template, holds no Kubernetes object: no manifest, no note either.
  const acl = '{\n  "tagOwners": {"tag:k8s": ["__OPERATOR_EMAIL__"]},\n  "grants": []\n}\n';
  const root = sideTreesSync({ base: { 'apps/demo/deploy.yaml': web }, head: { 'apps/demo/deploy.yaml': web, 'laptop/tailnet-cluster.template.yaml': services, 'laptop/tailnet-policy.template.json': acl } }, 'reachdiff-templates-');
  const [base, head] = [join(root, 'base'), join(root, 'head')];
  const text = await main(['diff', base, head]);
  expect(text.exitCode).toBe(0);
  expect(text.stdout).not.toMatch(/error|INVALID_NAME|reject/);
  expect(text.stdout).toContain('Note: Not analysed: laptop/tailnet-cluster.template.yaml is a template (file name *.template.*)');
  expect(text.stdout).not.toContain('tailnet-policy');
  const json = JSON.parse((await main(['diff', base, head, '--format', 'json'])).stdout) as { summary: { errors: number } };
  expect(json.summary.errors).toBe(0);
});

test('which files are templates', () => {
  expect(templateReason('a/np.tmpl.yaml', 'kind: ConfigMap\n')).toBe('file name *.tmpl.*');
  expect(templateReason('laptop/tailnet-cluster.template.yaml', 'kind: Service\n')).toBe('file name *.template.*');
  expect(templateReason('a/cluster-template.yaml', 'kind: Service\n')).toBeUndefined();
  expect(templateReason('a/np.gotmpl.yaml', '')).toBe('Go file name *.gotmpl.*');
  expect(templateReason('a/np.yaml', 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: a, namespace: "{{ .Release.Namespace }}"}\nspec: {podSelector: {}}\n')).toBe('namespace `{{ .Release.Namespace }}`');
  // Flux's escaped `$${VAR}` is no placeholder; a ConfigMap's values are not a policy's selectors.
  expect(templateReason('a/np.yaml', 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: a, namespace: x}\nspec: {podSelector: {matchLabels: {a: "$${b}"}}}\n')).toBeUndefined();
  expect(templateReason('a/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: x}\ndata: {a: "${b}"}\n')).toBeUndefined();
  // Any object whose own name or namespace is a placeholder: which object it is stays unknown (kashalls/home-cluster's iperf Jobs).
  expect(templateReason('tasks/iperf/server.yaml', iperfJob)).toBe('name `${SERVER_NAME}`, namespace `${SERVER_NS}`');
  expect(templateReason('a/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "${APP}-config"}\ndata: {a: b}\n')).toBe('name `${APP}-config`');
  // A container named by a placeholder is no object's name.
  expect(templateReason('a/job.yaml', iperfJob.replace('"${SERVER_NAME}"', 'server').replace('"${SERVER_NS}"', 'net'))).toBeUndefined();
});

test('a Job template named `${SERVER_NS}/${SERVER_NAME}` among plain manifests is no workload of that name', async () => {
  // kashalls/home-cluster 36e13c601: a task's iperf Job templates, read as plain manifests, made workloads named
  // `${SERVER_NS}/${SERVER_NAME}`, "removed by this change: 8 paths closed" when discovery moved to Flux.
  const files = { 'apps/demo/deploy.yaml': web, '.taskfiles/iperf/server.yaml': iperfJob };
  const root = sideTreesSync({ base: files, head: { ...files, 'apps/demo/deploy.yaml': web.replace('image: web', 'image: web2') } }, 'reachdiff-templates-');
  const text = await main(['diff', join(root, 'base'), join(root, 'head')]);
  expect(text.stdout).not.toContain('${SERVER');
  expect(text.stdout).toMatch(/note: Not taken as deployments: 1 template file \(\.taskfiles\/iperf\/server\.yaml\), which another tool renders before anything is applied \(placeholders in an object's name or namespace, in a policy's selectors, or a template file name\)/);
  const list = await main(['list', join(root, 'base')]);
  expect(list.stdout).not.toContain('${SERVER');
});

test('the template reason quotes the whole value a placeholder sits in, not the placeholder alone', () => {
  const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: "${APP}-allow", namespace: "team-{{ .ns }}"}\nspec: {podSelector: {matchLabels: {app: "${APP}-web"}}}\n';
  expect(templateReason('a/np.yaml', policy)).toBe('name `${APP}-allow`, namespace `team-{{ .ns }}`, …');
  expect(templateReason('a/np.yaml', policy.replace('namespace: "team-{{ .ns }}"', 'namespace: x'))).toBe('name `${APP}-allow`, selector app=`${APP}-web`');
});
