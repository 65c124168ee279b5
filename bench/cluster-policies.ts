/**
 * Cluster-wide policies for the benchmark's generated repositories: `admin` Admin-tier and `baseline`
 * Baseline-tier policies over the generated namespaces' labels (team, env), as a platform team writes
 * them: half v1alpha1 AdminNetworkPolicy and half v1alpha2 ClusterNetworkPolicy in the Admin tier
 * (Deny between environments, Pass for monitoring and the ingress controller, Allow for DNS, a metadata
 * endpoint Deny), one BaselineAdminNetworkPolicy plus ClusterNetworkPolicy Baselines (default deny
 * across teams). Deterministic: same inputs, same files.
 */
import type { GeneratedFile } from './generate.js';

export interface ClusterPolicyOptions {
  readonly admin: number;
  readonly baseline: number;
  /** Team names and environments of the generated namespaces (labels `team`, `env`). */
  readonly teams: readonly string[];
  readonly envs: readonly string[];
}

const ns = (labels: Record<string, string>) => `{namespaces: {matchLabels: {${Object.entries(labels).map(([k, v]) => `${k}: ${v}`).join(', ')}}}}`;

function admin(i: number, o: ClusterPolicyOptions): string {
  const team = o.teams[i % o.teams.length];
  const env = o.envs[i % o.envs.length];
  const other = o.envs[(i + 1) % o.envs.length];
  const cnp = i % 2 === 1;
  const head = cnp
    ? `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: admin-${i}}\nspec:\n  tier: Admin\n  priority: ${10 + i}`
    : `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: admin-${i}}\nspec:\n  priority: ${10 + i}`;
  const allow = cnp ? 'Accept' : 'Allow';
  const port = (p: number, proto = 'TCP') => (cnp ? `protocols: [{${proto.toLowerCase()}: {destinationPort: {number: ${p}}}}]` : `ports: [{portNumber: {protocol: ${proto}, port: ${p}}}]`);
  switch (i % 5) {
    case 0:
      // Environments stay apart: nothing from another env reaches this team's namespaces.
      return `${head}\n  subject: ${ns({ team, env })}\n  ingress:\n    - {action: Pass, from: [${ns({ 'kubernetes.io/metadata.name': 'monitoring' })}], ${port(9090)}}\n    - {action: Deny, from: [${ns({ env: other })}]}\n`;
    case 1:
      return `${head}\n  subject: ${ns({ team })}\n  egress:\n    - {action: ${allow}, to: [{pods: {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}}], ${port(53, 'UDP')}}\n    - {action: Deny, to: [{networks: [169.254.169.254/32]}]}\n`;
    case 2:
      return `${head}\n  subject: {pods: {namespaceSelector: {matchLabels: {team: ${team}}}, podSelector: {matchLabels: {tier: backend}}}}\n  ingress:\n    - {action: Pass, from: [${ns({ 'kubernetes.io/metadata.name': 'ingress-nginx' })}]}\n    - {action: Deny, from: [{pods: {namespaceSelector: {matchLabels: {env: ${other}}}, podSelector: {matchLabels: {tier: frontend}}}}]}\n`;
    case 3:
      return `${head}\n  subject: ${ns({ env })}\n  egress:\n    - {action: Deny, to: [${ns({ env: other, team })}], ${port(5432)}}\n`;
    default:
      return `${head}\n  subject: ${ns({ team, env })}\n  ingress:\n    - {action: ${allow}, from: [${ns({ team, env })}]}\n    - {action: Pass, from: [${ns({ env })}]}\n`;
  }
}

function baseline(i: number, o: ClusterPolicyOptions): string {
  const team = o.teams[i % o.teams.length];
  if (i === 0) {
    return `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec:\n  subject: {namespaces: {matchExpressions: [{key: team, operator: Exists}]}}\n  ingress:\n    - {action: Allow, from: [${ns({ 'kubernetes.io/metadata.name': 'monitoring' })}]}\n    - {action: Deny, from: [{namespaces: {matchExpressions: [{key: team, operator: Exists}]}}]}\n`;
  }
  return `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: baseline-${i}}\nspec:\n  tier: Baseline\n  priority: ${i}\n  subject: ${ns({ team })}\n  ingress:\n    - {action: Accept, from: [${ns({ team })}]}\n    - {action: Deny, from: [{namespaces: {matchExpressions: [{key: team, operator: NotIn, values: [${team}]}]}}]}\n`;
}

/** One file per policy under `cluster-policies/`. */
export function clusterPolicyFiles(o: ClusterPolicyOptions): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  for (let i = 0; i < o.admin; i++) files.push({ path: `cluster-policies/admin-${String(i).padStart(2, '0')}.yaml`, text: admin(i, o) });
  for (let i = 0; i < o.baseline; i++) files.push({ path: `cluster-policies/baseline-${String(i).padStart(2, '0')}.yaml`, text: baseline(i, o) });
  return files;
}
