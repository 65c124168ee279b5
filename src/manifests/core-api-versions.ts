/**
 * The one `apiVersion` the API server serves each built-in kind reachdiff reads in (Kubernetes API
 * reference, 1.25 and later: `extensions/v1beta1`, `apps/v1beta1|2` and `batch/v1beta1` are removed).
 * `kubectl apply` of another version fails ("no matches for kind … in version …"), so the object is
 * never created; a kind of the same name in another API group (Knative's `serving.knative.dev/v1`
 * `Service`) is a different resource altogether.
 */
const SERVED: ReadonlyMap<string, string> = new Map([
  ['Namespace', 'v1'],
  ['Service', 'v1'],
  ['Pod', 'v1'],
  ['ReplicationController', 'v1'],
  ['Deployment', 'apps/v1'],
  ['StatefulSet', 'apps/v1'],
  ['DaemonSet', 'apps/v1'],
  ['ReplicaSet', 'apps/v1'],
  ['Job', 'batch/v1'],
  ['CronJob', 'batch/v1'],
  // `extensions/v1beta1` NetworkPolicy was removed in 1.16; `networking.k8s.io/v1beta1` never served it.
  ['NetworkPolicy', 'networking.k8s.io/v1'],
]);

/**
 * How an object of a built-in kind stands with its `apiVersion`: `served` (read it), `other-group` (a
 * custom resource that shares the kind's name: not this kind, not read), or `refused` with the version
 * the API server serves (kubectl refuses the object: an error).
 */
export function builtInVersion(kind: string, apiVersion: string): { readonly status: 'served' | 'other-group' } | { readonly status: 'refused'; readonly served: string } | undefined {
  const served = SERVED.get(kind);
  if (served === undefined) return undefined;
  if (apiVersion === served) return { status: 'served' };
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  // Built-in groups are `core` (written without a group), single words (`apps`, `batch`) or end in `.k8s.io`.
  if (group.includes('.') && !group.endsWith('.k8s.io')) return { status: 'other-group' };
  return { status: 'refused', served };
}
