/**
 * `diff` between pairs of the AdminNetworkPolicy / BaselineAdminNetworkPolicy conformance cases equals
 * the set difference of their expected connectivity: Admin Allow/Deny/Pass, Baseline, NetworkPolicy and
 * networks changes on the same pods, plus pairs across different pods.
 */
import { describeCasePairs } from './case-pairs.js';

describeCasePairs('npguard-anp', 'diff agrees with the expected connectivity of AdminNetworkPolicy case pairs', [
  // One topology (ns1/ns2/ns3 pods): ANP + BANP, Pass, NetworkPolicy, networks.
  ['anp_with_banp_new_test', 'anp_with_banp_pass_test'],
  ['anp_with_banp_pass_test', 'anp_with_np_and_banp_pass_test'],
  ['anp_with_np_pass_test', 'anp_with_np_and_banp_pass_test'],
  ['anp_with_np_and_banp_pass_test', 'anp_and_banp_using_networks_test'],
  ['anp_and_banp_using_networks_test', 'anp_with_banp_new_test'],
  // Another topology (the houses): Admin tier rules, Baseline rules per protocol, ANP + NP + BANP.
  ['anp_test_4', 'anp_test_5'],
  ['anp_test_6', 'anp_test_7'],
  ['anp_test_8', 'anp_test_9'],
  ['anp_test_10', 'anp_test_11'],
  ['anp_test_11', 'anp_test_12'],
  ['banp_test_core_egress_tcp_rules', 'banp_test_core_egress_udp_rules'],
  ['banp_test_core_ingress_tcp_rules', 'banp_test_core_ingress_sctp_rules'],
  ['banp_test_core_gress_rules', 'anp_np_banp_core_test'],
  ['anp_np_banp_core_test', 'anp_test_10'],
  // Different pods on each side.
  ['anp_test_1_deny_traffic_at_cluster_level', 'anp_test_2_allow_traffic_at_cluster_level'],
  ['anp_test_3_pass_traffic', 'anp_demo'],
]);
