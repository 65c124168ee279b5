/** Generated GitOps repos for volume tests: `n` services in one namespace behind a default-deny policy. */
export function services(n: number): Map<string, string> {
  const files = new Map<string, string>();
  files.set('namespaces.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: big\n');
  files.set('policies/default-deny.yaml', 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: big\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n');
  for (const name of ['client', ...names(n)]) {
    files.set(
      `apps/${name}.yaml`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: big\nspec:\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n        - name: main\n          image: example/${name}\n          ports:\n            - containerPort: 8080\n`,
    );
  }
  return files;
}

/** Head adds one policy per service letting `client` in: `n` opened paths, each from its own rule line. */
export function allowEach(n: number): Map<string, string> {
  const files = services(n);
  for (const name of names(n)) {
    files.set(
      `policies/allow-${name}.yaml`,
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-${name}\n  namespace: big\nspec:\n  podSelector:\n    matchLabels:\n      app: ${name}\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: client\n`,
    );
  }
  return files;
}

/** Head deletes the default-deny policy: every pair in the namespace opens. */
export function withoutDefaultDeny(n: number): Map<string, string> {
  const files = services(n);
  files.delete('policies/default-deny.yaml');
  return files;
}

function names(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `service-with-a-rather-long-name-${String(i).padStart(3, '0')}`);
}
