/**
 * A Job's pods carry the labels the API server adds when it generates the Job's selector: `job-name` and
 * `batch.kubernetes.io/job-name`, the Job's name (pkg/registry/batch/job/strategy.go `generateSelector`).
 * A policy selecting provisioner Jobs by `job-name` read as selecting no workload and its Jobs as unselected
 * (real-eval 22, webgrip/homelab-cluster 45d181c3: POLICY_SELECTS_NOTHING on `job-name In (…)`).
 */
import { computeConnectivity } from '../../src/engine/index.js';
import { DEFAULT_FINDINGS_CONFIG, commitFindings } from '../../src/findings/index.js';
import { loadManifests } from '../../src/manifests/load.js';

const job = (name: string, extra = '', labels = '{app: tools}') =>
  `apiVersion: batch/v1\nkind: Job\nmetadata: {name: ${name}, namespace: ci}\nspec:\n${extra}  template:\n    metadata: {labels: ${labels}}\n    spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}\n`;
const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: provisioners, namespace: ci}\nspec:\n  podSelector:\n    matchExpressions: [{key: job-name, operator: In, values: [provision]}]\n  policyTypes: [Egress]\n  egress: [{ports: [{port: 443}]}]\n';
const load = (...docs: string[]) => loadManifests([{ path: 'ci.yaml', text: docs.join('---\n') }]);
const labels = (docs: string[]) => Object.fromEntries(load(...docs).cluster.workloads.map((w) => [w.id, { ...w.podLabels }]));

describe("a Job's pods carry the job-name labels the API server adds", () => {
  it('both labels, the Job name; a label the template sets is kept', () => {
    expect(labels([job('provision')])).toEqual({ 'ci/provision[Job]': { app: 'tools', 'job-name': 'provision', 'batch.kubernetes.io/job-name': 'provision' } });
    expect(labels([job('provision', '', '{job-name: provision, app: tools}')])['ci/provision[Job]']).toMatchObject({ 'job-name': 'provision' });
  });

  it('not with a manual selector, nor for a CronJob (its Jobs are named by their schedule)', () => {
    expect(labels([job('provision', '  manualSelector: true\n  selector: {matchLabels: {app: tools}}\n')])).toEqual({ 'ci/provision[Job]': { app: 'tools' } });
    const cron = 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly, namespace: ci}\nspec:\n  schedule: "0 0 * * *"\n  jobTemplate:\n    spec:\n      template:\n        metadata: {labels: {app: tools}}\n        spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}\n';
    expect(labels([cron])).toEqual({ 'ci/nightly[CronJob]': { app: 'tools' } });
  });

  it('a policy selecting Jobs by job-name selects the Job: no POLICY_SELECTS_NOTHING, and its egress is isolated', () => {
    const loaded = load(job('provision'), job('other'), POLICY);
    const conn = computeConnectivity(loaded.cluster);
    const findings = commitFindings({ conn, diagnostics: loaded.diagnostics, config: DEFAULT_FINDINGS_CONFIG });
    expect(findings.filter((f) => f.code === 'POLICY_SELECTS_NOTHING')).toEqual([]);
    expect(findings.filter((f) => f.code === 'UNPROTECTED_WORKLOAD' && f.object === 'egress').map((f) => f.subject)).toEqual(['ci/other[Job]']);
  });
});
