/**
 * The repositories the bad-input property (bad-input.test.ts) mutates: hand-written fixtures of the
 * test suite and the example, read once into memory, each with a marker added that no mutation touches.
 * The marker is a namespace `zz-marker` of two Deployments isolated both ways in base, and a head that
 * allows `m-client → m-server` on TCP 4321 (the allow's `namespaceSelector: {}` is a PERMISSIVE_RULE
 * finding at zz-marker/allow.yaml): `diff` opens that path, `list` shows it and `lint` names that file,
 * whatever the mutations did to the other files (where they can only reach it through the targets or a
 * cluster-wide policy, the property says so: markerReachable).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface Seed {
  readonly name: string;
  /** path → text, the fixture's files (README.md left out) */
  readonly files: Readonly<Record<string, string>>;
  /** The fixture's files a mutation may pick, sorted. */
  readonly mutable: readonly string[];
  /** Every folder of the fixture, relative to its root (junk values for Kustomize fields). */
  readonly folders: readonly string[];
  /** Marker files of base and head. */
  readonly marker: { readonly base: Readonly<Record<string, string>>; readonly head: Readonly<Record<string, string>> };
  /** The marker's folder. */
  readonly markerDir: string;
}

const MARKER_APPS = `apiVersion: v1
kind: Namespace
metadata:
  name: zz-marker
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: m-client
  namespace: zz-marker
spec:
  template:
    metadata:
      labels: {app: m-client}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: m-server
  namespace: zz-marker
spec:
  template:
    metadata:
      labels: {app: m-server}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: m-deny
  namespace: zz-marker
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;

const MARKER_ALLOW = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: m-allow
  namespace: zz-marker
spec:
  podSelector:
    matchLabels: {app: m-server}
  ingress:
  - from:
    - namespaceSelector: {}
    ports:
    - port: 4321
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: m-client-out
  namespace: zz-marker
spec:
  podSelector:
    matchLabels: {app: m-client}
  policyTypes: [Egress]
  egress:
  - to:
    - podSelector:
        matchLabels: {app: m-server}
    ports:
    - port: 4321
`;

/** The marker's pair as list and diff print it in text. */
export const MARKER_PAIR = 'zz-marker/m-client[Deployment] => zz-marker/m-server[Deployment]';
export const MARKER_FILE = 'allow.yaml';

const FLUX_MARKER = `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: zz-marker
  namespace: flux-system
spec:
  interval: 10m
  path: ./zz-marker
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
`;

const ARGO_MARKER = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: zz-marker
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://github.com/acme/gitops.git
    path: zz-marker
    targetRevision: main
  destination:
    name: prod
    namespace: zz-marker
`;

function readTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name !== 'README.md') out[relative(root, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return out;
}

function seed(name: string, dir: string, markerDir = 'zz-marker', extra: Record<string, string> = {}): Seed {
  const files = readTree(join(process.cwd(), dir));
  const mutable = Object.keys(files).sort();
  const folders = [...new Set(mutable.map((p) => p.split('/').slice(0, -1)).flatMap((parts) => parts.map((_, i) => parts.slice(0, i + 1).join('/'))))].sort();
  const apps = { [`${markerDir}/apps.yaml`]: MARKER_APPS, ...extra };
  return { name, files, mutable, folders, markerDir, marker: { base: apps, head: { ...apps, [`${markerDir}/${MARKER_FILE}`]: MARKER_ALLOW } } };
}

/** Plain NetworkPolicies and workloads, Flux, Argo CD with Kustomize overlays, configurations, cluster-wide and Cilium policies, JSON. */
export function seeds(): Seed[] {
  return [
    seed('example', 'examples/head'),
    seed('flux', 'test/fixtures/targets/c-flux/head', 'zz-marker', { 'clusters/production/zz-marker.yaml': FLUX_MARKER }),
    seed('argocd', 'test/fixtures/targets/a-argocd/head', 'zz-marker', { 'argocd/zz-marker.yaml': ARGO_MARKER }),
    seed('namespace-from-path', 'test/fixtures/targets/b-namespaces/head'),
    seed('configured-targets', 'test/fixtures/picture-targets/head', 'common/zz-marker'),
    seed('kustomization', 'test/fixtures/moved-rollback/head'),
    seed('tiers', 'test/fixtures/robustness/tiers'),
  ];
}
