/**
 * Name references, fixed once the build is complete (Kustomize's nameReference transformer): a field
 * that names an object the build renamed (namePrefix/nameSuffix, a generator's hash) is updated to the
 * object's final name. The referent is found by any name it has had, in the referrer's namespace.
 * Covered: Services (Ingress backends, StatefulSet serviceName, APIService, webhooks' services are not
 * read by the engine and left out) and ConfigMaps/Secrets in pod templates.
 */
import type { FieldSpec } from './field-specs.js';
import { appliesTo, visitPath } from './field-specs.js';
import type { BuildContext } from './build-context.js';
import type { Resource } from './resource.js';
import { allIds, gvkOf, isClusterScoped, nameOf, namespaceOf, sameNamespace } from './resource.js';

interface NameReference {
  readonly kind: string;
  readonly fields: readonly FieldSpec[];
}

const POD_TEMPLATES: readonly [string, string][] = [
  ['Pod', 'spec'], ['Deployment', 'spec/template/spec'], ['ReplicaSet', 'spec/template/spec'], ['DaemonSet', 'spec/template/spec'],
  ['StatefulSet', 'spec/template/spec'], ['Job', 'spec/template/spec'], ['CronJob', 'spec/jobTemplate/spec/template/spec'],
  ['ReplicationController', 'spec/template/spec'],
];

const inPods = (paths: readonly string[]): FieldSpec[] =>
  POD_TEMPLATES.flatMap(([kind, root]) => paths.map((p) => ({ kind, path: `${root}/${p}`, create: false })));

const REFERENCES: readonly NameReference[] = [
  {
    kind: 'Service',
    fields: [
      { kind: 'StatefulSet', path: 'spec/serviceName', create: false },
      { kind: 'Ingress', path: 'spec/rules/http/paths/backend/serviceName', create: false },
      { kind: 'Ingress', path: 'spec/backend/serviceName', create: false },
      { kind: 'Ingress', path: 'spec/rules/http/paths/backend/service/name', create: false },
      { kind: 'Ingress', path: 'spec/defaultBackend/service/name', create: false },
    ],
  },
  {
    kind: 'ConfigMap',
    fields: inPods(['volumes/configMap/name', 'containers/env/valueFrom/configMapKeyRef/name', 'initContainers/env/valueFrom/configMapKeyRef/name',
      'containers/envFrom/configMapRef/name', 'initContainers/envFrom/configMapRef/name', 'volumes/projected/sources/configMap/name']),
  },
  {
    kind: 'Secret',
    fields: [
      ...inPods(['volumes/secret/secretName', 'containers/env/valueFrom/secretKeyRef/name', 'initContainers/env/valueFrom/secretKeyRef/name',
        'containers/envFrom/secretRef/name', 'initContainers/envFrom/secretRef/name', 'imagePullSecrets/name', 'volumes/projected/sources/secret/name']),
      { kind: 'Ingress', path: 'spec/tls/secretName', create: false },
    ],
  },
];

export function fixNameReferences(ctx: BuildContext, resources: readonly Resource[]): void {
  for (const ref of REFERENCES) {
    const referents = resources.filter((r) => gvkOf(r.obj).kind === ref.kind && r.history.length > 0);
    if (referents.length === 0) continue;
    for (const referrer of resources) {
      const gvk = gvkOf(referrer.obj);
      const ns = isClusterScoped(gvk.kind) ? '' : namespaceOf(referrer.obj);
      for (const fs of ref.fields) {
        if (!appliesTo(fs, gvk)) continue;
        visitPath(referrer.obj, fs.path, false, ctx.positions, (parent, key) => {
          const value = parent[key];
          if (typeof value !== 'string') return;
          const target = referents.find((r) => sameNamespace(namespaceOf(r.obj), ns) && allIds(r).slice(1).some((id) => id.name === value));
          if (target && !referents.some((r) => r !== target && nameOf(r.obj) === value && sameNamespace(namespaceOf(r.obj), ns))) parent[key] = nameOf(target.obj);
        });
      }
    }
  }
}
