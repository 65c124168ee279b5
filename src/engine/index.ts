/** The engine's public surface: pure, synchronous, no I/O. */
export * from './model.js';
export { PortSet } from './port-set.js';
export { AddressSet, formatAddress } from './address-set.js';
export { ConnectionSet, PROTOCOLS, type ConnectionSetJson } from './connection-set.js';
export { parseCidr, parseRange, parseAddress } from './cidr.js';
export { matches, selectorText } from './selectors.js';
export { computeConnectivity, classConn, type Connectivity } from './connectivity.js';
export { listConnections, type ConnectionRow, type ListOptions } from './list.js';
export { type PeerRef, peerId, comparePeers, INGRESS_CONTROLLER } from './peers.js';
export type { EngineDiagnostic, EngineDiagnosticCode } from './diagnostics.js';
export { diffConnectivity, type PairDiff, type ConnectivityDiff, type WorkloadChange } from './diff.js';
export { explainOpened, explainClosed, type Reason, type Side } from './explain.js';
export { findRollback, type RollbackSearch, type SearchBudget } from './rollback.js';
export { type AbstractPeer, abstractPeer, ENTIRE_CLUSTER, selectorId } from './abstract-peers.js';
export { NamedConns, type NamedConnsJson, type NameProtocol } from './named-conns.js';
export { computeExposure, type Exposure, type ExposureRow } from './exposure.js';
export { buildRegions, type Region, type RegionSet } from './regions.js';
