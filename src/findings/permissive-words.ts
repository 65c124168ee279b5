/**
 * What PERMISSIVE_RULE says of a broad rule, in the fields its kind is written with: a NetworkPolicy's
 * `from` / `to`, `namespaceSelector: {}`, `ipBlock` (networking.k8s.io/v1); a Cilium policy's
 * `fromEndpoints` / `toCIDR` / `toEntities` and `toPorts` (cilium.io/v2 Rule); a Calico policy's `source` /
 * `destination`, `selector`, `namespaceSelector`, `nets` (projectcalico.org/v3 Rule and EntityRule). One
 * table per kind; permissive-rule.ts finds the rules, these only word them.
 */
import type { Direction, NetworkPolicy } from '../engine/model.js';
import { CILIUM_PEER_FIELDS } from '../engine/policy-terms.js';
import { andList } from '../util/and-list.js';

/** A finding's two texts. */
export interface Said {
  readonly message: string;
  readonly fix: string;
}

/** Where a rule stands (`shop/api ingress rule 1`), what it does to its peers and who they are, per direction. */
export interface RuleWords {
  readonly at: string;
  readonly direction: Direction;
  /** `admits`, `allows traffic to`. */
  readonly verb: string;
  /** `sources`, `destinations`. */
  readonly who: string;
}

/** The three broad shapes of a rule, said in one kind's fields. */
export interface PermissiveWords {
  /** The rule names no peer; `allPorts` when it names no port either. */
  anyPeer(r: RuleWords, allPorts: boolean): Said;
  /** A pod peer of every namespace; `pods` is `every pod` or `pods with {…}`; `written`: its namespaceSelector as written, when not `{}`. */
  everyNamespace(r: RuleWords, pods: string, written?: string): Said;
  /**
   * An address peer of a whole address family; `cidr` as the peer writes it. `privateLeft`: the peer's
   * exceptions carve some addresses out, but not these private ranges (every-address.ts), which it still reaches.
   */
  everyAddress(r: RuleWords, cidr: string, privateLeft?: readonly string[]): Said;
}

const NP_PEERS: Record<Direction, string> = { ingress: 'from', egress: 'to' };

const NETWORK_POLICY: PermissiveWords = {
  anyPeer: ({ at, direction, verb, who }, allPorts) => ({
    message: allPorts
      ? `${at} has no \`${NP_PEERS[direction]}\` and no \`ports\`: it ${verb} every pod and every address on every port (allow-all).`
      : `${at} has no \`${NP_PEERS[direction]}\`: it ${verb} every pod of every namespace and every address on its ports.`,
    fix: `List the ${who} that need it under \`${NP_PEERS[direction]}\` (podSelector, namespaceSelector or ipBlock).`,
  }),
  everyNamespace: ({ at, verb }, pods, written = '{}') => ({
    message: `${at} uses \`namespaceSelector: ${written}\`: it ${verb} ${pods} of every namespace, including ones created later.`,
    fix: 'Name the namespaces that need it with a namespaceSelector on their labels (e.g. kubernetes.io/metadata.name).',
  }),
  everyAddress: ({ at, verb }, cidr, privateLeft) =>
    privateLeft
      ? {
          message: `${at} uses ipBlock ${cidr} with \`except\`: it ${verb} every address outside the cluster but the excepted ones, addresses of the private ranges ${andList(privateLeft)} among them.`,
          fix: `Narrow the ipBlock to the address ranges that need it, or add ${andList(privateLeft)} to \`except\`.`,
        }
      : {
          message: `${at} uses ipBlock ${cidr}: it ${verb} every address outside the cluster.`,
          fix: 'Narrow the ipBlock to the address ranges that need it, or add `except` for private ranges.',
        },
};

/** A Cilium rule's peer fields, `fromEndpoints`, `fromCIDR` or `fromEntities`. */
const ciliumPeerFields = (d: Direction) => `\`${CILIUM_PEER_FIELDS[d].endpoints}\`, \`${CILIUM_PEER_FIELDS[d].cidr}\` or \`${CILIUM_PEER_FIELDS[d].entities}\``;

/** A CiliumClusterwideNetworkPolicy's selector without a namespace label reaches every namespace by its kind alone. */
const cilium = (clusterwide: boolean): PermissiveWords => ({
  // A Cilium rule naming no peer has `toPorts` (without, it matches nothing and is skipped): never allow-all.
  anyPeer: ({ at, direction, verb, who }) => ({
    message: `${at} has no ${ciliumPeerFields(direction)} (only \`toPorts\`): it ${verb} every pod of every namespace and every address on its ports.`,
    fix: `List the ${who} that need it under ${ciliumPeerFields(direction)}.`,
  }),
  everyNamespace: ({ at, direction }, pods) => ({
    message: `${at} selects ${pods} of every namespace (\`${CILIUM_PEER_FIELDS[direction].entities}: [cluster]\`, or a selector with no \`io.kubernetes.pod.namespace\`${clusterwide ? ' in a CiliumClusterwideNetworkPolicy' : ' constraint'}), including ones created later.`,
    fix: 'Name the namespaces that need it with the label k8s:io.kubernetes.pod.namespace in the selector.',
  }),
  everyAddress: ({ at, direction, verb }, cidr, privateLeft) =>
    privateLeft
      ? {
          message: `${at} selects every address outside the cluster but its \`except\` ranges (${cidr} in \`${CILIUM_PEER_FIELDS[direction].cidrSet}\`): it ${verb} addresses of the private ranges ${andList(privateLeft)} among them.`,
          fix: `Narrow it to the ranges that need it, or add ${andList(privateLeft)} to \`except\`${direction === 'egress' ? ' (or use `toFQDNs`)' : ''}.`,
        }
      : {
          message: `${at} selects every address outside the cluster (${cidr}: \`${CILIUM_PEER_FIELDS[direction].entities}: [world]\` or a /0 CIDR): it ${verb} all of them.`,
          fix: `Narrow it to the ranges that need it (\`${CILIUM_PEER_FIELDS[direction].cidrSet}\` with \`except\` for private ranges${direction === 'egress' ? ', or `toFQDNs`' : ''}).`,
        },
});

/** The EntityRule a Calico rule names its peers in: `source` of an ingress rule, `destination` of an egress one. */
const CALICO_PEER: Record<Direction, string> = { ingress: 'source', egress: 'destination' };

const CALICO: PermissiveWords = {
  anyPeer: ({ at, direction, verb, who }, allPorts) => ({
    message: `${at} names no peer in \`${CALICO_PEER[direction]}\` (no selector, namespaceSelector or nets): it ${verb} every pod and every address${allPorts ? ' on every port (allow-all)' : ' on its ports'}.`,
    fix: `List the ${who} that need it under \`${CALICO_PEER[direction]}\` (selector, namespaceSelector or nets).`,
  }),
  everyNamespace: ({ at }, pods) => ({
    message: `${at} selects ${pods} of every namespace (\`namespaceSelector: all()\`, or a GlobalNetworkPolicy selector without namespaceSelector), including ones created later.`,
    fix: "Name the namespaces that need it with a namespaceSelector (e.g. projectcalico.org/name == 'web').",
  }),
  everyAddress: ({ at, verb }, cidr, privateLeft) =>
    privateLeft
      ? {
          message: `${at} matches every address outside the cluster but its \`notNets\` (nets ${cidr}): it ${verb} addresses of the private ranges ${andList(privateLeft)} among them.`,
          fix: `Narrow \`nets\` to the ranges that need it, or add ${andList(privateLeft)} to \`notNets\`.`,
        }
      : {
          message: `${at} matches every address outside the cluster (nets ${cidr}): it ${verb} all of them.`,
          fix: 'Narrow `nets` to the ranges that need it, or add `notNets` for private ranges.',
        },
};

const CILIUM = cilium(false);
const CILIUM_CLUSTERWIDE = cilium(true);

/** The words for a policy of `kind` (undefined: a Kubernetes NetworkPolicy). */
export function permissiveWords(kind: NetworkPolicy['kind']): PermissiveWords {
  switch (kind) {
    case undefined:
      return NETWORK_POLICY;
    case 'CiliumNetworkPolicy':
      return CILIUM;
    case 'CiliumClusterwideNetworkPolicy':
      return CILIUM_CLUSTERWIDE;
    case 'CalicoNetworkPolicy':
    case 'CalicoGlobalNetworkPolicy':
      return CALICO;
    default: {
      const never: never = kind;
      return never;
    }
  }
}
