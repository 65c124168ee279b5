/** `diff` of two NetworkPolicy conformance cases equals the set difference of their expected connectivity. */
import { describeCasePairs } from './case-pairs.js';

describeCasePairs('npguard', 'diff agrees with the expected connectivity of conformance case pairs', [
  ['semanticDiff-same-topologies-old1', 'semanticDiff-same-topologies-new1'],
  ['semanticDiff-same-topologies-old1', 'semanticDiff-same-topologies-old2'],
  ['semanticDiff-same-topologies-old2', 'semanticDiff-same-topologies-new1'],
  ['test_with_named_ports', 'test_with_named_ports_changed_netpol'],
  ['semanticDiff-orig-topologies-policy-a', 'semanticDiff-different-topologies-policy-a'],
  ['onlineboutique', 'new_online_boutique'],
]);
