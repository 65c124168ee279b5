/**
 * The NetworkPolicy the Dragonfly operator makes for each `Dragonfly` (`dragonflydb.io`), in the instance's
 * namespace and named after it, unless `spec.networkPolicyEnabled` is false. The operator writes no such
 * object into the repository: the manifests hold the Dragonfly only, so without it an additive policy for the
 * instance's pods (Prometheus admitted to the admin port) read as isolating pods that were open, closing
 * every other source (real-eval 28: Aviator-Coding/home-ops abfca970, 656 paths read closed; talos-homelab
 * 5f369009 alike).
 *
 * Assumed: dragonfly-operator v1.6 or later. Releases before v1.5.0 made no policy; v1.5 made one admitting
 * the client port from every namespace, v1.6 narrowed it to the instance's namespace (dragonflydb/
 * dragonfly-operator, `internal/resources` generateNetworkPolicy, tags v1.5.0 and v1.6.1, read to learn the
 * shape). The operator's version is written in another object (its image, its chart's version or tag): where
 * every release the manifests name predates v1.5, no policy is kept (`withOperatorRelease`, applied when the
 * documents and the builds are merged); otherwise, of the two shapes the narrower is taken, so that a policy
 * admitting clients from elsewhere reads as opening a path rather than a silent no change. As read here
 * (Ingress only):
 * - subject: the instance's pods, by `app: <name>`. The operator labels them `app: <name>`,
 *   `app.kubernetes.io/name: dragonfly` and `app.kubernetes.io/part-of: dragonfly` together and selects the
 *   three; a pod of the namespace carrying the instance's `app` label is taken to be one of them. Selected by
 *   the three, the policy would cut the label space of a policy naming two of them (Aviator's `app` and
 *   `part-of`, talos-homelab's Kyverno rule's `app` alone) into the instance's pods and pods nothing makes, and
 *   those would read as newly isolated: the wrong verdict this model is for, told of pods that cannot exist;
 * - rule 1: TCP 6379 (the client port) from every pod of the namespace;
 * - rule 2: TCP 9999 (the admin port) from the instance's own pods. The operator also admits its own pods
 *   (`control-plane: controller-manager`, v1.6: in the operator's namespace, v1.5: in any). No object here
 *   names the operator's namespace, and a peer of every namespace would cut every namespace's pods by that
 *   label: they are left out, so a policy admitting them reads as opening a path (never a silent pass);
 * - rule 3, with `spec.memcachedPort`: that port from every pod of the namespace.
 *
 * The policy is cited at the Dragonfly's lines (`spec.networkPolicyEnabled`, `spec.memcachedPort` when
 * written) and marked `installedBy`, so findings about its rules are not said.
 */
import type { NetworkPolicy, SourceRef } from '../../engine/model.js';
import type { DocContext, Json } from '../context.js';
import { isObject } from '../context.js';
import { quote } from '../quote.js';
import { readNetworkPolicy } from './network-policy.js';
import { admitsOnlyBelow } from '../version-ranges.js';

/** The operator's image and its tag (group 1). */
const OPERATOR_IMAGE = /(?:^|\/)dragonflydb\/operator:(v?\d+\.\d+(?:\.\d+)?)/;

/** A string that is not empty, else undefined. */
function text(x: unknown): string | undefined {
  return typeof x === 'string' && x !== '' ? x : undefined;
}

/**
 * The operator release an object of the manifests says runs, as written (`v1.3.1`, `1.6.1`), or undefined: the
 * operator's image on a workload's container (`…/dragonflydb/operator:v1.3.1`), a Flux HelmRelease of the
 * `dragonfly-operator` chart (`spec.chart.spec.version`), a Flux OCIRepository of it (`spec.ref.semver`, else
 * `spec.ref.tag`), an Argo CD Application of it (`targetRevision`).
 */
export function dragonflyOperatorVersion(value: Json): string | undefined {
  const spec = isObject(value.spec) ? value.spec : undefined;
  if (spec === undefined || typeof value.kind !== 'string') return undefined;
  switch (value.kind) {
    case 'HelmRelease': {
      const chart = isObject(spec.chart) && isObject(spec.chart.spec) ? spec.chart.spec : undefined;
      if (chart !== undefined && chart.chart === 'dragonfly-operator') return text(chart.version);
      // Another chart running the operator's image from its values (bjw-s app-template: `image: {repository, tag}`).
      return valuesImageTag(spec.values, 0);
    }
    case 'OCIRepository': {
      const ref = isObject(spec.ref) ? spec.ref : {};
      // Flux takes `semver` over `tag` (source.toolkit.fluxcd.io/v1).
      return typeof spec.url === 'string' && /\/dragonfly-operator(\/|$)/.test(spec.url) ? (text(ref.semver) ?? text(ref.tag)) : undefined;
    }
    case 'Application': {
      const sources = [spec.source, ...(Array.isArray(spec.sources) ? spec.sources : [])].filter(isObject);
      const source = sources.find((s) => s.chart === 'dragonfly-operator' || (typeof s.repoURL === 'string' && /\/dragonfly-operator(\/|$)/.test(s.repoURL)));
      return source !== undefined ? text(source.targetRevision) : undefined;
    }
    default: {
      const pod = isObject(spec.template) && isObject(spec.template.spec) ? spec.template.spec : spec;
      const containers: unknown[] = Array.isArray(pod.containers) ? pod.containers : [];
      // Asked of every object of the manifests: indexed, and the expression only on an image naming the operator.
      for (let i = 0; i < containers.length; i++) {
        const c = containers[i];
        if (!isObject(c) || typeof c.image !== 'string' || !c.image.includes('dragonflydb/operator:')) continue;
        const m = OPERATOR_IMAGE.exec(c.image);
        if (m) return m[1];
      }
      return undefined;
    }
  }
}

/**
 * The operator's release a Helm release's values name, or undefined: an `image` mapping whose `repository` is
 * the operator's (`ghcr.io/dragonflydb/operator`) and whose `tag` starts with a version (`v1.4.0@sha256:…`), or
 * an image string naming it, at any depth of the values (below 12 levels, a bound on what charts nest).
 */
function valuesImageTag(values: unknown, depth: number): string | undefined {
  if (depth > 12 || values === null || typeof values !== 'object') return undefined;
  const items = Array.isArray(values) ? values : Object.values(values);
  if (!Array.isArray(values)) {
    const v = values as Record<string, unknown>;
    if (typeof v.repository === 'string' && /(?:^|\/)dragonflydb\/operator$/.test(v.repository) && typeof v.tag === 'string') return /^(v?\d+\.\d+(?:\.\d+)?)/.exec(v.tag)?.[1];
    if (typeof v.image === 'string' && v.image.includes('dragonflydb/operator:')) return OPERATOR_IMAGE.exec(v.image)?.[1];
  }
  for (const x of items) {
    const found = valuesImageTag(x, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The first operator release that made the policy. */
const FIRST_WITH_POLICY = '1.5.0';

/**
 * Whether every release `version` admits is older than v1.5.0, the first to make the policy: a version
 * (`v1.3.1`, `1.4`) or a Masterminds range as Flux and Argo CD read a chart version (`~1.4.0`, `<1.5`; `>=1.3.0`
 * is not: Flux pulls the newest it admits); undefined when unreadable (a branch name).
 */
function beforePolicies(version: string): boolean | undefined {
  return admitsOnlyBelow(version, FIRST_WITH_POLICY);
}

/**
 * `policies` less the Dragonflies' (`dragonflyPolicies`) when the manifests say which operator release runs and
 * every release they name is older than v1.5.0, which made none (real-eval: ArthurVardevanyan/HomeLab runs
 * v1.3.1). Without a word on the version, or with one release of v1.5 on among them, they stay.
 */
export function withOperatorRelease<P extends Pick<NetworkPolicy, 'installedBy'>>(policies: readonly P[], versions: readonly string[] | undefined): readonly P[] {
  if (versions === undefined || versions.length === 0 || !versions.every((v) => beforePolicies(v) === true)) return policies;
  return policies.filter((p) => !p.installedBy?.startsWith('Dragonfly '));
}

/** The operator's version this model follows, as messages and docs say it. */
export const DRAGONFLY_OPERATOR_ASSUMED = 'dragonfly-operator v1.6 or later';

/** Whether `value` is a Dragonfly of the operator's API group. */
export function isDragonfly(value: Json): boolean {
  return value.kind === 'Dragonfly' && typeof value.apiVersion === 'string' && value.apiVersion.startsWith('dragonflydb.io/');
}

/** The label the instance `name`'s pods are selected by here (see above: the operator's `app`). */
function instanceLabels(name: string): Record<string, string> {
  return { app: name };
}

const CLIENT_PORT = 6379;
const ADMIN_PORT = 9999;

/**
 * The NetworkPolicy the operator makes for the Dragonfly `obj` (`name` in `namespace`): none when
 * `spec.networkPolicyEnabled` is false. A flag that is not a boolean is read as the default (true), a
 * `spec.memcachedPort` that is no port number is left out, each said at its line.
 */
export function dragonflyPolicies(ctx: DocContext, obj: Json, namespace: string, name: string): NetworkPolicy[] {
  const ref = ctx.ref(obj);
  const spec = isObject(obj.spec) ? obj.spec : {};
  const flag = spec.networkPolicyEnabled;
  const at: SourceRef = flag === undefined ? ref : ctx.keyRef(spec, 'networkPolicyEnabled', ref);
  if (flag === false) return [];
  const owner = `Dragonfly ${namespace}/${name}`;
  if (flag !== undefined && flag !== null && flag !== true) {
    ctx.report('warning', 'INVALID_FIELD', `${owner}: spec.networkPolicyEnabled must be true or false, not ${quote(flag)}; read as the default (true: the operator makes the instance's NetworkPolicy)`, at);
  }
  const instance = instanceLabels(name);
  const sameNamespace = { from: [{ podSelector: {} }] };
  const rules: Json[] = [
    { ...sameNamespace, ports: [{ protocol: 'TCP', port: CLIENT_PORT }] },
    { from: [{ podSelector: { matchLabels: instance } }], ports: [{ protocol: 'TCP', port: ADMIN_PORT }] },
  ];
  const memcached = spec.memcachedPort;
  const memcachedAt = memcached === undefined ? undefined : ctx.keyRef(spec, 'memcachedPort', ref);
  if (typeof memcached === 'number' && Number.isInteger(memcached) && memcached >= 1 && memcached <= 65535) {
    rules.push({ ...sameNamespace, ports: [{ protocol: 'TCP', port: memcached }] });
  } else if (memcached !== undefined && memcached !== null && memcached !== 0) {
    ctx.report('warning', 'INVALID_FIELD', `${owner}: spec.memcachedPort must be a port number, not ${quote(memcached)}; the operator's policy is read without a memcached rule`, memcachedAt ?? ref);
  }
  const made = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec: { podSelector: { matchLabels: instance }, policyTypes: ['Ingress'], ingress: rules } };
  // The object is made here, not read from the file: every position is the Dragonfly's.
  const read = readNetworkPolicy(ctx, made, namespace, name, `NetworkPolicy ${namespace}/${name} (made by the operator for ${owner}, as ${DRAGONFLY_OPERATOR_ASSUMED} makes it)`);
  if (!read) return [];
  const ingress = read.ingress.map((r, i) => ({ ...r, ref: i === 2 && memcachedAt !== undefined ? memcachedAt : at }));
  return [{ ...read, ingress, ref: at, installedBy: `${owner} (${DRAGONFLY_OPERATOR_ASSUMED})` }];
}
