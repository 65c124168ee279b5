/**
 * Custom resources an operator turns into pods: a CloudNativePG `Cluster` becomes PostgreSQL pods labelled
 * `cnpg.io/cluster: <name>`, a `Dragonfly` becomes pods labelled `app: <name>`, a Prometheus Operator
 * `Prometheus` becomes a StatefulSet's pods, and so on. The manifests hold the resource, not its pods, so a
 * policy written for them selects no workload the loader reads. The findings that judge a selector by the
 * manifests' workloads (POLICY_SELECTS_NOTHING, PEER_SELECTS_NOTHING) then do not judge a selector of the
 * resource's namespace that may mean its pods (`Cluster.operatorResources`, findings/operator-pods.ts: the
 * resource's name as a value, or a key of the operator's domain), as they do not judge a namespace where a
 * Helm release not read installs pods (`Cluster.unreadReleaseNamespaces`;
 * real-eval 26: ArthurVardevanyan/HomeLab 4a585578, eleven warnings for the pods of two CloudNativePG clusters
 * and two Dragonfly instances; left24 item 7: damacus 95c75eea, `cnpg.io/cluster`).
 *
 * Source of the semantics: each operator's documentation of the resource it reconciles into a workload (a
 * StatefulSet, Deployment, Job or bare pods) in the resource's own namespace. Listed by API group, with the
 * kinds that make pods; a group listed with `*` makes pods from every kind it serves. Resources that only
 * configure (a `ServiceMonitor`, a `Certificate`, an `ExternalSecret`) are not here, nor resources whose pod
 * template the loader reads as a workload (an Argo `Rollout`, OpenKruise's `CloneSet`: kinds/template-workloads.ts,
 * read in load.ts `readObject` before this list is consulted).
 */
import type { OperatorResource } from '../engine/model.js';
import type { Json } from './context.js';

/** API group → the kinds of it that make pods (`'*'`: every kind). */
const POD_MAKING: ReadonlyMap<string, readonly string[] | '*'> = new Map<string, readonly string[] | '*'>([
  ['postgresql.cnpg.io', ['Cluster', 'Pooler']],
  ['dragonflydb.io', ['Dragonfly']],
  ['monitoring.coreos.com', ['Prometheus', 'PrometheusAgent', 'Alertmanager', 'ThanosRuler']],
  ['acid.zalan.do', ['postgresql']],
  ['postgres-operator.crunchydata.com', ['PostgresCluster', 'PGAdmin']],
  ['pgv2.percona.com', ['PerconaPGCluster']],
  ['pxc.percona.com', ['PerconaXtraDBCluster']],
  ['psmdb.percona.com', ['PerconaServerMongoDB']],
  ['ps.percona.com', ['PerconaServerMySQL']],
  ['mysql.oracle.com', ['InnoDBCluster']],
  ['k8s.mariadb.com', ['MariaDB', 'MaxScale']],
  ['mariadb.mmontes.io', ['MariaDB', 'MaxScale']],
  ['mongodbcommunity.mongodb.com', ['MongoDBCommunity']],
  ['mongodb.com', ['MongoDB', 'MongoDBOpsManager']],
  ['rabbitmq.com', ['RabbitmqCluster']],
  ['kafka.strimzi.io', ['Kafka', 'KafkaNodePool', 'KafkaConnect', 'KafkaMirrorMaker2', 'KafkaBridge']],
  ['redis.redis.opstreelabs.in', ['Redis', 'RedisCluster', 'RedisReplication', 'RedisSentinel']],
  ['databases.spotahome.com', ['RedisFailover']],
  ['elasticsearch.k8s.elastic.co', '*'],
  ['kibana.k8s.elastic.co', '*'],
  ['apm.k8s.elastic.co', '*'],
  ['agent.k8s.elastic.co', '*'],
  ['beat.k8s.elastic.co', '*'],
  ['logstash.k8s.elastic.co', '*'],
  ['opensearch.opster.io', ['OpenSearchCluster']],
  ['minio.min.io', ['Tenant']],
  ['ceph.rook.io', ['CephCluster', 'CephObjectStore', 'CephFilesystem', 'CephNFS']],
  ['loki.grafana.com', ['LokiStack']],
  ['tempo.grafana.com', ['TempoStack', 'TempoMonolithic']],
  ['grafana.integreatly.org', ['Grafana']],
  ['opentelemetry.io', ['OpenTelemetryCollector']],
  ['jaegertracing.io', ['Jaeger']],
  ['clickhouse.altinity.com', ['ClickHouseInstallation', 'ClickHouseKeeperInstallation']],
  ['scylla.scylladb.com', ['ScyllaCluster']],
  ['cassandra.datastax.com', ['CassandraDatacenter']],
  ['k8s.keycloak.org', ['Keycloak']],
  ['ray.io', ['RayCluster', 'RayJob', 'RayService']],
  ['flink.apache.org', ['FlinkDeployment', 'FlinkSessionJob']],
  ['sparkoperator.k8s.io', ['SparkApplication', 'ScheduledSparkApplication']],
  ['argoproj.io', ['Workflow', 'CronWorkflow', 'EventSource', 'Sensor', 'EventBus']],
  ['tekton.dev', ['TaskRun', 'PipelineRun']],
  ['triggers.tekton.dev', ['EventListener']],
  ['serving.knative.dev', ['Service']],
  ['actions.github.com', ['AutoscalingRunnerSet', 'EphemeralRunnerSet', 'EphemeralRunner']],
  ['actions.summerwind.dev', ['RunnerDeployment', 'RunnerSet', 'Runner']],
  ['kubevirt.io', ['VirtualMachine', 'VirtualMachineInstance']],
  ['netobserv.io', ['FlowCollector']],
  ['quay.redhat.com', ['QuayRegistry']],
  ['org.eclipse.che', ['CheCluster']],
  // ToolHive's operator runs a proxy Deployment (and the MCP server's pods) per MCPServer, MCPRemoteProxy and
  // VirtualMCPServer, labelled `toolhive-name` and `app.kubernetes.io/instance` with the resource's name
  // (stacklok/toolhive, cmd/thv-operator: labelsForMCPServer, labelsForMCPRemoteProxy, labelsForVirtualMCPServer;
  // real-eval 28: swibrow/home-ops 340fd35d, seven selects-nothing warnings for MCP servers the manifests define).
  ['toolhive.stacklok.dev', ['MCPServer', 'MCPRemoteProxy', 'VirtualMCPServer']],
]);

/**
 * The resource whose pods an operator makes, or undefined when `value` is no resource of a pod-making kind
 * (POD_MAKING) or has no name. `namespace`: the namespace the resource is applied in (its own, a
 * kustomization's `namespace`, or the build's default). Cluster-scoped resources of these kinds do not exist.
 */
export function operatorResource(value: Json, namespace: string): OperatorResource | undefined {
  if (typeof value.kind !== 'string' || typeof value.apiVersion !== 'string') return undefined;
  const slash = value.apiVersion.indexOf('/');
  if (slash < 0) return undefined;
  const group = value.apiVersion.slice(0, slash);
  const kinds = POD_MAKING.get(group);
  if (kinds === undefined || (kinds !== '*' && !kinds.includes(value.kind))) return undefined;
  const metadata = value.metadata;
  const name = typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) ? (metadata as Json).name : undefined;
  if (typeof name !== 'string' || name === '' || namespace === '') return undefined;
  return { namespace, name, group };
}
