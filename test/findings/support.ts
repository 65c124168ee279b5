/** Findings of inline manifests through the real loader and engine, and of a base/head pair through `analyzeDiff`. */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { computeConnectivity } from '../../src/engine/index.js';
import type { DiffFinding, Finding, FindingsConfig } from '../../src/findings/index.js';
import { DEFAULT_FINDINGS_CONFIG, commitFindings } from '../../src/findings/index.js';
import { loadManifests } from '../../src/manifests/load.js';
import { deployment, manifests, namespace } from '../engine/fixtures.js';

type Obj = Record<string, unknown>;

/** Namespace kube-system, and CoreDNS in it serving UDP and TCP 53 (`k8s-app: kube-dns`): what the DNS findings look for. */
export const KUBE_SYSTEM = namespace('kube-system');
export const COREDNS = deployment('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, [
  { name: 'dns', containerPort: 53, protocol: 'UDP' },
  { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
]);

export function findingsOf(objects: Obj[], config: Partial<FindingsConfig> = {}): Finding[] {
  const loaded = loadManifests([{ path: 'k8s.yaml', text: manifests(...objects) }]);
  return commitFindings({ conn: computeConnectivity(loaded.cluster), diagnostics: loaded.diagnostics, config: { ...DEFAULT_FINDINGS_CONFIG, ...config }, hostNetwork: loaded.hostNetwork });
}

/** `CODE subject object` of each finding of a code (or all), for compact assertions. */
export function keys(findings: readonly Finding[], code?: string): string[] {
  return findings.filter((f) => !code || f.code === code).map((f) => `${f.code} ${f.subject} ${f.object}`);
}

export function diffFindingsOf(base: Obj[], head: Obj[], config: Partial<FindingsConfig> = {}): DiffFinding[] {
  const files = (objects: Obj[]) => [{ path: 'k8s.yaml', text: manifests(...objects) }];
  return [...analyzeDiff(files(base), files(head), { findings: { ...DEFAULT_FINDINGS_CONFIG, ...config } }).findings];
}

/** Codes of the new findings of a diff. */
export function newCodes(findings: readonly DiffFinding[]): string[] {
  return findings.filter((f) => f.new).map((f) => `${f.code} ${f.subject} ${f.object}`);
}
