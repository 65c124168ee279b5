/**
 * A kind that is one or two edits from a kind the loader reads, in the same API group, and is not a real
 * kind of that group: a typo (`NetworkPolciy`). kubectl refuses it ("no matches for kind"), and the
 * object would otherwise be ignored without a word, as kinds reachdiff does not read are.
 */
import { nearestName } from '../util/near-names.js';

/** Kinds the loader reads, by API group (`''`: core, apiVersion `v1`). */
const MODELLED: Readonly<Record<string, readonly string[]>> = {
  '': ['Namespace', 'Service', 'Pod', 'ReplicationController'],
  apps: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'],
  batch: ['Job', 'CronJob'],
  'networking.k8s.io': ['NetworkPolicy', 'Ingress'],
  extensions: ['NetworkPolicy', 'Ingress', 'Deployment', 'DaemonSet', 'ReplicaSet'],
  'policy.networking.k8s.io': ['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy'],
};

/** The other kinds these groups really have: never taken for typos (`Node` is two edits from `Pod`). */
const OTHER_REAL: Readonly<Record<string, readonly string[]>> = {
  '': ['Binding', 'ComponentStatus', 'ConfigMap', 'Endpoints', 'Event', 'LimitRange', 'Node', 'PersistentVolume', 'PersistentVolumeClaim', 'PodTemplate', 'ResourceQuota', 'Secret', 'ServiceAccount', 'Status'],
  apps: ['ControllerRevision'],
  batch: [],
  'networking.k8s.io': ['IngressClass', 'IPAddress', 'ServiceCIDR'],
  extensions: ['PodSecurityPolicy'],
  'policy.networking.k8s.io': [],
};

/** The modelled kind `kind` probably meant, when its group is one the loader reads and it is no real kind there. */
export function kindNearMiss(kind: string, apiVersion: string): string | undefined {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const modelled = MODELLED[group];
  if (!modelled || modelled.includes(kind) || OTHER_REAL[group]?.includes(kind)) return undefined;
  return nearestName(kind, modelled);
}
