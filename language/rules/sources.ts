/**
 * Every fact a rule, a generation check or the failure analysis rests on, with its upstream
 * source: a URL, or a repository, a path and the commit it was read at. Rules and checks name the
 * entries they rest on by id (`sources: ['etcd-quorum']`); docs/sources.md is generated from this
 * list (`npm run docs`), one section per entry, and docs/rules.md links each rule to its entries.
 *
 * Adding a fact: add it to the entry it belongs to (or a new entry) with the source it was read
 * from; a test fails when a rule or a check names an id that is not here.
 */

export interface Reference {
  /** What the source is, in words: `machine-config-operator PR #3016 "Enable unicast keepalived for all on-prem platforms"`. */
  title: string;
  url?: string;
  /** `owner/name` on GitHub. */
  repo?: string;
  path?: string;
  /** The commit the fact was read at (40 hex digits or an abbreviation GitHub resolves). */
  commit?: string;
}

export interface SourceEntry {
  title: string;
  /** The facts topo uses, each one sentence. */
  facts: string[];
  refs: Reference[];
}

const gh = (repo: string, path: string, commit: string, title: string): Reference => ({
  title,
  repo,
  path,
  commit,
  url: `https://github.com/${repo}/blob/${commit}/${path}`,
});

/** The five articles the product and its examples come from (examples/README.md). */
const seed = (n: string, title: string, url?: string): Reference => ({
  title: `Seed ${n}: "${title}"${url ? '' : ' (the article the example of this seed models)'}`,
  ...(url ? { url } : {}),
});
const SEED_000 = seed('000', 'Fujitsu K5 Technology Shared Service Design Pattern – Highly Available');
const SEED_001 = seed('001', '1000 Cloud Servers: Start With One Click');
const SEED_002 = seed('002', 'Some Thoughts About Openstack High Availability');
const SEED_003 = seed(
  '003',
  'Stretching Kubernetes Architecture across Distributed Private Cloud',
  'https://chrisj.cloud/index.php/2023/11/28/stretching-kubernetes-architecture-across-distributed-private-cloud/',
);
const SEED_004 = seed(
  '004',
  'OpenShift applications across several datacenters (GTM/LTM, federation by CD, storage patterns)',
);

export const SOURCES = {
  'etcd-quorum': {
    title: 'etcd quorum',
    facts: [
      'The majority of an n-member etcd cluster is floor(n/2) + 1; it tolerates n − majority failed members: 1→0, 2→0, 3→1, 4→1, 5→2, 6→2, 7→3. An even size tolerates no more failures than the odd size below it.',
      'Without a majority etcd accepts no writes, so the Kubernetes API stops; a leader election takes about one election timeout.',
      'A control plane survives the loss of any one zone only if, for every zone z, the members outside z are at least a majority: three members need three zones, one each; two zones can never survive the loss of the zone holding the majority, and two members over two zones lose quorum when either zone fails.',
    ],
    refs: [
      gh(
        'etcd-io/website',
        'content/en/docs/v3.5/faq.md',
        'd12fe2fd2af9e33e4d921bcfe28c76829911ee88',
        'etcd FAQ: "What is failure tolerance?"',
      ),
      {
        title: 'etcd operations guide: failure modes (a majority failure stops writes)',
        url: 'https://etcd.io/docs/v3.5/op-guide/failures/',
      },
    ],
  },
  'etcd-cluster-size': {
    title: 'Control-plane sizes',
    facts: [
      'etcd advises at most seven members; five tolerate two failures, "enough in most cases".',
      'An OpenShift control plane has exactly three members; four or five are supported only on bare metal, from OpenShift 4.17.',
    ],
    refs: [
      gh(
        'etcd-io/website',
        'content/en/docs/v3.5/faq.md',
        'd12fe2fd2af9e33e4d921bcfe28c76829911ee88',
        'etcd FAQ: "What is maximum cluster size?"',
      ),
      gh(
        'openshift/openshift-docs',
        'modules/etcd-node-scaling.adoc',
        'b31b597ac53c520718b05853f08237b7514261ff',
        'OpenShift: scaling etcd to four or five members on bare metal',
      ),
      {
        title:
          'Red Hat Developer: how OpenShift 4.17 enhances control plane resilience (4 or 5 control-plane nodes, bare metal only)',
        url: 'https://developers.redhat.com/articles/2025/02/12/how-rhocp-417-enhances-control-plane-resilience',
      },
    ],
  },
  'etcd-span': {
    title: 'Control planes across sites',
    facts: [
      'Red Hat recommends against one OpenShift cluster spanning sites: across datacenters or regions, run one cluster per site and manage them together. Where a cluster spans sites, place one control-plane member in each of three sites.',
      'Across geographically dispersed datacenters, run one cluster per site behind a global load balancer instead of stretching one (seed 004).',
    ],
    refs: [
      gh(
        'openshift/openshift-docs',
        'modules/etcd-site-recommendations-span.adoc',
        '47743c0de8edd10bfa1f05e3f5f48611be2c1f8a',
        'OpenShift: recommendations for clusters that span sites',
      ),
      {
        title: 'OKD docs: guidance for clusters that span data centers',
        url: 'https://docs.okd.io/latest/etcd/etcd-guidance-span.html',
      },
      SEED_004,
    ],
  },
  'etcd-latency': {
    title: 'etcd round-trip times',
    facts: [
      'OpenShift requires the etcd peer round-trip time under 50 ms (p99 of etcd_network_peer_round_trip_time_seconds); an arbiter site should be under 10 ms.',
      'Combined disk and network latency must keep the etcd peer RTT under 100 ms, a hard ceiling (Red Hat Knowledgebase 7010406).',
      'etcd has a single-digit to low double-digit millisecond latency requirement: stretch a cluster only across zones that are geographically close (seed 003).',
      'A write is committed once a majority has it: the leader waits for the fastest majority, so a far member adds its RTT to writes only when a majority cannot be formed without it.',
    ],
    refs: [
      gh(
        'openshift/openshift-docs',
        'modules/etcd-cluster-latency.adoc',
        'c5610dad85fb125b7caaec74945bed012f1b6883',
        'OpenShift: etcd cluster latency',
      ),
      {
        title:
          'Raft (the consensus etcd implements), section 5.3: an entry is committed once the leader has replicated it on a majority of the servers',
        url: 'https://raft.github.io/raft.pdf',
      },
      SEED_003,
    ],
  },
  'etcd-tuning': {
    title: 'etcd heartbeat and election timeout',
    facts: [
      'The heartbeat interval should be about 0.5–1.5 × the RTT between members; the election timeout at least 10 × the RTT. Defaults: heartbeat 100 ms, election timeout 1000 ms; every member must use the same values.',
      'etcd refuses an election timeout under 5 × the heartbeat interval or above 50,000 ms.',
    ],
    refs: [
      gh(
        'etcd-io/website',
        'content/en/docs/v3.5/tuning.md',
        '62400abf62b1dc7eaf6329d98597c2b8af081030',
        'etcd tuning guide: time parameters',
      ),
      {
        title: 'etcd server configuration validation (server/embed/config.go, Config.Validate)',
        url: 'https://github.com/etcd-io/etcd/blob/main/server/embed/config.go',
      },
    ],
  },
  'etcd-profiles': {
    title: "OpenShift's etcd hardware-speed profiles",
    facts: [
      "OpenShift's etcd operator sets etcd's timing from the control plane's hardware speed (controlPlaneHardwareSpeed): Standard = heartbeat 100 ms, election timeout 1000 ms; Slower = heartbeat 500 ms, election timeout 2500 ms.",
      'Only these profiles exist: a custom heartbeat or election timeout cannot be set on an OpenShift cluster, only one of the two profiles chosen.',
    ],
    refs: [
      gh(
        'openshift/cluster-etcd-operator',
        'pkg/hwspeedhelpers/hwhelper.go',
        'b4786ae33ca2aceae72d67e6644e9928ead71f18',
        'cluster-etcd-operator: StandardHardwareSpeed and SlowerHardwareSpeed',
      ),
    ],
  },
  'installer-default-zone': {
    title: 'Machines without zones',
    facts: [
      'A machine pool (control plane or compute) that lists no zones is installed in the default compute availability zone: "If unset, the installer will use your default compute zone". Every member of such a pool can end up in one zone, so zone loss cannot be ruled out.',
      'A Nova server created without an availability zone is placed where the scheduler puts it (the default zone when the cloud sets one): nothing spreads such servers over zones.',
    ],
    refs: [
      gh(
        'openshift/installer',
        'docs/user/openstack/customization.md',
        'e2367c4f2b868cd5968fd3859dae2aa00aa7bcc4',
        'OpenShift installer, OpenStack machine pools: `zones`',
      ),
      {
        title: 'Nova: availability zones (default_schedule_zone)',
        url: 'https://docs.openstack.org/nova/latest/admin/availability-zones.html',
      },
    ],
  },
  'server-group-policy': {
    title: 'Server-group policies',
    facts: [
      "A machine pool's serverGroupPolicy is one of affinity, soft-affinity, anti-affinity, soft-anti-affinity; the installer's default is soft-anti-affinity.",
      'affinity places every member on one compute host (and prevents migrations); soft-affinity prefers one host. Either puts the whole control plane at the mercy of one hypervisor.',
    ],
    refs: [
      gh(
        'openshift/installer',
        'docs/user/openstack/customization.md',
        'e2367c4f2b868cd5968fd3859dae2aa00aa7bcc4',
        'OpenShift installer, OpenStack machine pools: `serverGroupPolicy`',
      ),
      {
        title: 'Nova: server groups and their policies',
        url: 'https://docs.openstack.org/nova/latest/user/server-groups.html',
      },
    ],
  },
  'keepalived-vrrp-ids': {
    title: 'keepalived VRRP ids of OpenShift on-prem clusters',
    facts: [
      'OpenShift IPI on OpenStack (and the other on-prem platforms) runs keepalived on the nodes for the API and ingress VIPs. Their VRRP virtual router ids come from the cluster name: api = fletcher8(name + "-api") + 1, ingress = fletcher8(name + "-ingress") + 1 (incremented if equal), where fletcher8 sums the bytes modulo 15 into two 4-bit halves.',
      'The ids cannot be configured; only the cluster name, or a separate L2 segment, changes them.',
    ],
    refs: [
      gh(
        'openshift/baremetal-runtimecfg',
        'pkg/config/node.go',
        '159b0ddd5990b5d5188a7a69f560f1331b7239b7',
        'baremetal-runtimecfg: Cluster.PopulateVRIDs',
      ),
      gh(
        'openshift/baremetal-runtimecfg',
        'pkg/utils/utils.go',
        '42224f89dad4c9144da37390545dd52900702f11',
        'baremetal-runtimecfg: FletcherChecksum8',
      ),
      {
        title: 'openshift/installer issue 2966: clusters on one L2 network with colliding VRRP ids',
        url: 'https://github.com/openshift/installer/issues/2966',
      },
      SEED_003,
    ],
  },
  'keepalived-unicast': {
    title: 'Multicast and unicast VRRP, by OpenShift version',
    facts: [
      "Since OpenShift 4.11 keepalived runs in unicast mode on every on-prem platform, OpenStack included: each node sends its advertisements only to its own cluster's peers (`unicast_peer`), so two clusters on one L2 segment with the same virtual router ids no longer take each other's advertisements.",
      "Up to 4.10 only bare metal and KubeVirt used unicast; OpenStack, vSphere, oVirt and Nutanix clusters used multicast VRRP (224.0.0.18), where equal ids on one segment break each other's VIPs.",
      'Any other keepalived pair on the segment that uses multicast (HAProxy VMs, for example) still collides with an equal id.',
    ],
    refs: [
      {
        title:
          'machine-config-operator PR #3016 "Enable unicast keepalived for all on-prem platforms", commit 84d0bae, merged 2022-03-15 (first in release-4.11)',
        url: 'https://github.com/openshift/machine-config-operator/pull/3016',
        repo: 'openshift/machine-config-operator',
        commit: '84d0bae2835e13a1f251024c6c8d63bb5d28e2b0',
      },
      {
        title:
          'machine-config-operator PR #3174: the per-platform switch onPremPlatformKeepalivedEnableUnicast removed (commit d438c8b)',
        url: 'https://github.com/openshift/machine-config-operator/pull/3174',
        repo: 'openshift/machine-config-operator',
        commit: 'd438c8b6d2ed360fa7f739fa6129387aa5d62523',
      },
      gh(
        'openshift/machine-config-operator',
        'templates/common/on-prem/files/keepalived.yaml',
        '7ff337a4ffac8e7562692181178ede61e4b2eec5',
        'machine-config-operator: keepalived static pod, ENABLE_UNICAST "yes"',
      ),
      {
        title:
          'machine-config-operator release-4.10, pkg/controller/template/render.go: onPremPlatformKeepalivedEnableUnicast is "yes" only for BareMetal and KubeVirt',
        url: 'https://github.com/openshift/machine-config-operator/blob/release-4.10/pkg/controller/template/render.go',
      },
      {
        title:
          'openshift-docs PR #49549: OpenShift 4.11 release note, keepalived unicast by default on OpenStack, vSphere and oVirt',
        url: 'https://github.com/openshift/openshift-docs/pull/49549',
      },
    ],
  },
  'l2-segment': {
    title: 'L2 segments',
    facts: [
      'A Neutron provider network is the L2 segment of its physical network and segmentation (VLAN) id: two `network` declarations with the same VLAN on the same physical network are one broadcast domain, whatever their names.',
      'Several clusters on one stretched L2 share its broadcast domain and its failures (seed 003: "for multiple clusters a potential need for additional stretched L2 due to VRRP collision").',
    ],
    refs: [
      {
        title: 'Neutron: provider networks (provider:physical_network, provider:segmentation_id)',
        url: 'https://docs.openstack.org/neutron/latest/admin/intro-os-networking.html',
      },
      SEED_003,
    ],
  },
  'stretched-l2-gateway': {
    title: 'Gateways of a stretched L2 network',
    facts: [
      'Machines on a stretched L2 network reach every other network through its gateways: when all of them sit in one zone, losing that zone cuts the machines in the surviving zones off too (seed 003, Architecture #1: "control plane availability dependant on high availability of the stretched network\'s gateways").',
    ],
    refs: [SEED_003],
  },
  'neutron-router-ha': {
    title: 'Neutron routers: HA (VRRP) and distributed (DVR)',
    facts: [
      'A Neutron router that is neither HA nor distributed is one namespace on one L3 agent: when that node or its zone fails, every network behind it loses its routing. An HA router keeps standby instances on other L3 agents (keepalived VRRP); a distributed router routes east-west and floating-IP traffic on each compute node, its default SNAT on one node unless it is HA too.',
      "Heat's OS::Neutron::Router has `ha`, `distributed` and `availability_zone_hints`; Terraform's openstack_networking_router_v2 has `distributed` and `availability_zone_hints`.",
    ],
    refs: [
      {
        title: 'Neutron: distributed virtual routing with VRRP (DVR + L3 HA)',
        url: 'https://docs.openstack.org/neutron/latest/admin/config-dvr-ha-snat.html',
      },
      {
        title: 'Heat resource types: OS::Neutron::Router',
        url: 'https://docs.openstack.org/heat/latest/template_guide/openstack.html#OS::Neutron::Router',
      },
      SEED_003,
    ],
  },
  'ingress-replicas': {
    title: "OpenShift's default IngressController",
    facts: [
      'The default IngressController runs 1 or 2 router replicas: 2 when the infrastructure topology is HighlyAvailable, 1 when it is SingleReplica.',
      "The installer sets the infrastructure topology from the compute replicas: 0 workers → the control plane's topology (routers on the masters), 1 worker → SingleReplica, 2 or more → HighlyAvailable.",
      'On OpenStack (and every platform other than the public clouds listed) the routers publish on the host network, so each replica needs a node of its own: fewer than two schedulable nodes means ingress is not highly available.',
    ],
    refs: [
      gh(
        'openshift/api',
        'operator/v1/types_ingresscontroller.go',
        '2a3d73913b5a7caec4c57d5c3d04f51106ec4da3',
        'openshift/api IngressControllerSpec: replicas and endpointPublishingStrategy defaults',
      ),
      gh(
        'openshift/installer',
        'pkg/asset/manifests/topologies.go',
        '9be3c0c9de9425ea8fbe1b97b56aba66aa69cb87',
        'OpenShift installer: determineTopologies',
      ),
    ],
  },
  'pod-network-capacity': {
    title: 'Pod and machine network capacity',
    facts: [
      'Every node gets a /hostPrefix subnet of the cluster network for its pods ("24 would allocate 2^8=256 addresses to each node"), so a cluster network /p holds 2^(hostPrefix − p) nodes; a node beyond that gets no pod subnet and its pods cannot start.',
      'OpenShift runs at most 250 pods a node by default: a /24 per node (254 addresses) still holds them, a /25 does not.',
      'The machine network holds every node, the API and ingress VIPs (by default its .5 and .7 addresses) and, during an IPI install, the bootstrap machine; a subnet also loses its network, broadcast and gateway addresses.',
    ],
    refs: [
      gh(
        'openshift/installer',
        'pkg/types/installconfig.go',
        'ba23d67975e94e570cd01eb98d96abf7a1b14c2b',
        'OpenShift installer: ClusterNetworkEntry.HostPrefix, MachineNetworkEntry',
      ),
      {
        title: 'OpenShift: planning your environment according to object maximums (250 pods a node)',
        url: 'https://docs.openshift.com/container-platform/4.16/scalability_and_performance/planning-your-environment-according-to-object-maximums.html',
      },
    ],
  },
  'install-config': {
    title: 'OpenShift install-config for OpenStack (IPI)',
    facts: [
      'platform.openstack needs `cloud`; apiVIPs and ingressVIPs take at most two addresses (one IPv4, one IPv6), on the machine network, and must differ unless a user-managed load balancer serves both; floating IPs need `externalNetwork`.',
      'Machine pools take a flavor (`type`, required for the control plane), zones, a root volume (size and types; with several types, one per zone) and a server-group policy.',
      "The cluster, machine and service networks must be disjoint and written as network addresses; hostPrefix must be longer than the cluster network's prefix.",
      "With `platform.openstack.loadBalancer.type: UserManaged` keepalived and HAProxy are not deployed: the cluster needs the load balancer's addresses as its VIPs, and a network it brings (controlPlanePort).",
      'OpenShiftSDN cannot be installed from OpenShift 4.15; OVNKubernetes is the network type.',
    ],
    refs: [
      gh(
        'openshift/installer',
        'docs/user/openstack/customization.md',
        'e2367c4f2b868cd5968fd3859dae2aa00aa7bcc4',
        'OpenShift installer: OpenStack platform customization',
      ),
      gh(
        'openshift/installer',
        'docs/user/openstack/external_load_balancer.md',
        '8cd8f79a20b326fb4bcb25f65580323b638ee326',
        'OpenShift installer: user-managed load balancer on OpenStack',
      ),
      gh(
        'openshift/installer',
        'pkg/types/installconfig.go',
        'ba23d67975e94e570cd01eb98d96abf7a1b14c2b',
        'OpenShift installer: InstallConfig types',
      ),
      {
        title: "The installer's InstallConfig CRD (copied, with its origin, to test/fixtures/openshift/)",
        url: 'https://github.com/openshift/installer/blob/master/data/data/install.openshift.io_installconfigs.yaml',
      },
    ],
  },
  'openstack-resources': {
    title: 'OpenStack resources (Heat and Terraform)',
    facts: [
      "An Octavia load balancer's VIP is a port on a subnet: its network needs a subnet (a cidr). Pool members need an address on a subnet too.",
      "Heat creates routers with `external_gateway_info`, servers in an `availability_zone`, server groups with one policy; Terraform's OpenStack provider has the same resources (openstack_lb_*_v2, openstack_compute_*_v2, openstack_networking_*_v2).",
    ],
    refs: [
      {
        title: 'Heat resource types (OS::Neutron::*, OS::Nova::*, OS::Octavia::*)',
        url: 'https://docs.openstack.org/heat/latest/template_guide/openstack.html',
      },
      {
        title: 'Terraform OpenStack provider documentation',
        url: 'https://registry.terraform.io/providers/terraform-provider-openstack/openstack/latest/docs',
      },
    ],
  },
  'kubernetes-spread': {
    title: 'How Kubernetes spreads replicas',
    facts: [
      "Without topologySpreadConstraints the scheduler applies its default constraints only as preferences: maxSkew 3 per node and maxSkew 5 per zone, both ScheduleAnyway. An app's replicas may therefore sit unevenly, even all in one zone.",
      "An even spread over zones needs an explicit constraint on topology.kubernetes.io/zone with maxSkew 1 and DoNotSchedule; with nodeTaintsPolicy unset (Ignore) a lost zone's tainted nodes still count as a domain and can keep replacement pods Pending, nodeTaintsPolicy: Honor leaves them out.",
    ],
    refs: [
      {
        title: 'Kubernetes: Pod Topology Spread Constraints, internal default constraints',
        url: 'https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/#internal-default-constraints',
      },
      gh(
        'kubernetes/kubernetes',
        'pkg/scheduler/framework/plugins/podtopologyspread/plugin.go',
        '32c483ea6ee90a3a81f382563c91034470af8a4a',
        'kube-scheduler: systemDefaultConstraints',
      ),
    ],
  },
  'control-plane-loss': {
    title: 'Workloads when the control plane is lost',
    facts: [
      'When the API server (or its etcd quorum) is lost, kubelets keep running the pods they have and kube-proxy keeps serving the same Services: running replicas go on serving. Nothing can be changed, scaled or rescheduled, and a pod that fails is not replaced until the control plane returns.',
    ],
    refs: [
      {
        title:
          'Kubernetes: troubleshooting clusters, a general overview of cluster failure modes ("existing pods and services should continue to work normally")',
        url: 'https://kubernetes.io/docs/tasks/debug/debug-cluster/#a-general-overview-of-cluster-failure-modes',
      },
    ],
  },
  'workers-per-zone': {
    title: 'Workers in every zone',
    facts: [
      "Spreading the control plane over zones keeps the API up when a zone fails, but workloads run on the workers: seed 003 (Architecture #1) gives each AZ its own worker MachineSet so that workers follow the control plane's zones.",
      "The installer spreads a machine pool's replicas round-robin over its zones: zone i gets floor(n/k) + (i < n mod k ? 1 : 0) machines.",
    ],
    refs: [
      SEED_003,
      gh(
        'openshift/installer',
        'docs/user/openstack/customization.md',
        'e2367c4f2b868cd5968fd3859dae2aa00aa7bcc4',
        'OpenShift installer, OpenStack machine pools: `zones`',
      ),
    ],
  },
  'arbiter-layout': {
    title: 'Arbiter layouts',
    facts: [
      'Two data sites (or zones) and a small third one that holds only a quorum member (an etcd member, an ODF arbiter monitor) is a documented layout: workers are expected only in the data zones.',
    ],
    refs: [
      {
        title:
          'Red Hat OpenShift Data Foundation 4.14: disaster recovery with stretch cluster (two data zones, one arbiter zone)',
        url: 'https://docs.redhat.com/en/documentation/red_hat_openshift_data_foundation/4.14/html/planning_your_deployment/disaster_recovery_with_stretch_cluster',
      },
      {
        title: 'Rook: stretch storage cluster (two data zones and an arbiter zone)',
        url: 'https://rook.io/docs/rook/latest/CRDs/Cluster/stretch-cluster/',
      },
    ],
  },
  'metro-sync': {
    title: 'Synchronous replication across sites',
    facts: [
      "Keycloak's synchronously replicated multi-site setup suggests a round-trip time under 5 ms and requires under 10 ms between the sites.",
      'OpenShift Data Foundation stretch clusters are designed for at most 10 ms RTT between the zones holding data.',
      'Across geographically dispersed datacenters synchronous replication is ruled out by latency (seed 004).',
    ],
    refs: [
      {
        title: 'Keycloak: building blocks of multi-cluster deployments, two sites with a low-latency connection',
        url: 'https://www.keycloak.org/high-availability/multi-cluster/building-blocks',
      },
      {
        title:
          'Red Hat OpenShift Data Foundation 4.14: disaster recovery with stretch cluster (10 ms RTT between data zones)',
        url: 'https://docs.redhat.com/en/documentation/red_hat_openshift_data_foundation/4.14/html/planning_your_deployment/disaster_recovery_with_stretch_cluster',
      },
      SEED_004,
    ],
  },
  'storage-patterns': {
    title: 'Storage across sites',
    facts: [
      'No replication: the data lives in one datacenter; losing it makes the application unavailable, so a DR process with backups in another datacenter is needed.',
      'Infrastructure asynchronous replication fits read-only content; application asynchronous replication (Cassandra, MongoDB, Kafka) needs no DR process, but recent writes in a lost site are unavailable until it returns; partitioning needs a DR process and a change of the routing rules.',
    ],
    refs: [SEED_004],
  },
  'federation-split': {
    title: 'Apps across clusters',
    facts: [
      'A CD pipeline emulating federation copies each Deployment to every cluster with the replicas divided between them; HPAs are deployed per cluster (seed 004).',
      "An application served from several sites needs a global load balancer (GTM/GSLB) that answers for one wide IP per application with the sites' LTM VIPs as backends.",
    ],
    refs: [SEED_004],
  },
  'container-images': {
    title: 'Container images of generated Deployments',
    facts: [
      'An image name without a registry host is pulled from the Docker public registry (Docker Hub).',
      "Kustomize sets a Deployment's image from the kustomization (`images:`, `kustomize edit set image name=registry/repository:tag`), without editing the manifest.",
    ],
    refs: [
      {
        title: 'Kubernetes documentation, Images: image names',
        url: 'https://kubernetes.io/docs/concepts/containers/images/#image-names',
      },
      {
        title: 'Kustomize reference: images',
        url: 'https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/images/',
      },
    ],
  },
  'kubernetes-names': {
    title: 'Names and hosts of Kubernetes objects and OpenShift routes',
    facts: [
      'A Service name is a DNS-1035 label (lower-case letters, digits and `-`, starting with a letter, at most 63 characters); a Namespace name is a DNS-1123 label, a Secret name a DNS-1123 subdomain.',
      "A Route's `spec.host` and an Ingress rule's `host` are DNS-1123 subdomains; routers use the oldest route with a given host when resolving conflicts.",
      'A HorizontalPodAutoscaler requires `maxReplicas`.',
    ],
    refs: [
      {
        title: 'Kubernetes documentation, Object names and IDs',
        url: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/names/',
      },
      {
        title:
          'OpenShift API reference, Route [route.openshift.io/v1]: "routers use the oldest route with a given host when resolving conflicts"',
        url: 'https://docs.openshift.com/dedicated/3/rest_api/route_openshift_io/route-openshift-io-index.html',
      },
      {
        title: 'Kubernetes API reference, HorizontalPodAutoscaler v2 (maxReplicas: required)',
        url: 'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/horizontal-pod-autoscaler-v2/',
      },
    ],
  },
  'hpa-utilization': {
    title: 'Autoscaling on CPU utilization',
    facts: [
      "A HorizontalPodAutoscaler computes CPU utilization as usage over the pods' CPU request; if a container has no request, utilization is undefined and the autoscaler takes no action for that metric.",
    ],
    refs: [
      {
        title: 'Kubernetes documentation, Horizontal Pod Autoscaling: how does a HorizontalPodAutoscaler work',
        url: 'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#how-does-a-horizontalpodautoscaler-work',
      },
    ],
  },
  'health-checks': {
    title: 'Health checks of global and local load balancers',
    facts: [
      "A GSLB health check should fail more than once before it declares a backend down; pods' readiness checks should use the endpoint the GTM checks (seed 004).",
      'HAProxy: `fall` consecutive failures mark a server down (default 3), `rise` successes mark it up (default 2), `inter` is the check interval (default 2 s). Octavia maps max_retries to rise and max_retries_down to fall.',
      'PowerDNS LUA ifurlup/ifportup take an address out after `minimumFailures` failed checks, default 1, every `interval` (default 5 s).',
      'Octavia health monitors mark a member down after max_retries_down failures, default 3.',
    ],
    refs: [
      gh(
        'haproxy/haproxy',
        'doc/configuration.txt',
        '732eac41f4a8b2b81db5152c633a504e5de37b6f',
        'HAProxy configuration manual: fall, rise, inter',
      ),
      gh(
        'PowerDNS/pdns',
        'docs/lua-records/functions.rst',
        'edac607a173653756bf07d962e5f9dc413c1f9e3',
        'PowerDNS LUA records: ifurlup and ifportup options',
      ),
      {
        title: 'Octavia API reference: health monitors (max_retries_down, default 3)',
        url: 'https://docs.openstack.org/api-ref/load-balancer/v2/#create-health-monitor',
      },
      SEED_004,
    ],
  },
  'management-plane': {
    title: 'The OpenStack management plane',
    facts: [
      "The OpenStack control plane cannot be hosted on the OpenStack it manages; it runs on a separate management cluster, its control VMs spread over several hypervisor hosts so that one host failure degrades but does not stop it; the seed's minimum is six control VMs (seed 002).",
      'Its clustered services keep a quorum (MariaDB Galera, RabbitMQ quorum queues, etcd): a cluster of three tolerates one failure, so three controllers split 2 + 1 over two hosts lose quorum with the host holding two. At least three hypervisor hosts are needed, one controller of each quorum group per host.',
    ],
    refs: [
      SEED_002,
      {
        title: 'MariaDB Galera Cluster: understanding quorum, monitoring and recovery',
        url: 'https://mariadb.com/docs/galera-cluster/high-availability/understanding-quorum-monitoring-and-recovery',
      },
      {
        title: 'RabbitMQ: quorum queues (a majority of replicas must be available)',
        url: 'https://www.rabbitmq.com/docs/quorum-queues',
      },
    ],
  },
  'landing-zone': {
    title: 'Enterprise landing zones',
    facts: [
      "A DMZ project routes traffic in and out (firewall at the internet boundary, public load balancing, an outbound proxy); a shared-services project's subnets have neither DNAT nor SNAT; department projects consume shared services and reach the internet through the DMZ (seed 000).",
      'A Neutron router with an external gateway source-NATs its internal networks unless SNAT is turned off (enable_snat defaults to true).',
    ],
    refs: [
      SEED_000,
      {
        title: 'Neutron API reference: routers, external_gateway_info.enable_snat',
        url: 'https://docs.openstack.org/api-ref/network/v2/#routers-routers',
      },
    ],
  },
  redundancy: {
    title: 'At least two of every component',
    facts: [
      'Seed 001 asks for redundancy everywhere: at least two of every component, a replicated multi-zone database, a shared NFS, DNS names for every service and a VPN to on-premises.',
      'A VM group of a stateful or load-balancing role with one instance, or with every instance in one zone, or several on one host (no anti-affinity server group), is lost with that instance, zone or host.',
    ],
    refs: [
      SEED_001,
      {
        title: 'Nova: server groups (anti-affinity keeps members on different hosts)',
        url: 'https://docs.openstack.org/nova/latest/user/server-groups.html',
      },
    ],
  },
  secrets: {
    title: 'Secrets',
    facts: [
      'install-config.yaml holds the pull secret and the SSH public key in clear text; topo takes them from a file or an environment variable at generation time and never from the .topo text, which is meant to be committed.',
    ],
    refs: [
      gh(
        'openshift/installer',
        'docs/user/openstack/customization.md',
        'e2367c4f2b868cd5968fd3859dae2aa00aa7bcc4',
        'OpenShift installer: install-config (pullSecret, sshKey)',
      ),
    ],
  },
  'measured-rtt': {
    title: 'Declared round-trip times',
    facts: [
      'Latency limits can only be checked against a declared round-trip time: the member RTT is measured as the p99 of etcd_network_peer_round_trip_time_seconds, or with ping between the zones.',
    ],
    refs: [
      gh(
        'openshift/openshift-docs',
        'modules/etcd-cluster-latency.adoc',
        'c5610dad85fb125b7caaec74945bed012f1b6883',
        'OpenShift: etcd cluster latency (how it is measured)',
      ),
      gh(
        'etcd-io/website',
        'content/en/docs/v3.5/tuning.md',
        '62400abf62b1dc7eaf6329d98597c2b8af081030',
        'etcd tuning guide: measure the RTT between members',
      ),
    ],
  },
  'network-overlays': {
    title: 'Overlay networks and SNAT',
    facts: [
      "Machines on a Neutron overlay network without floating IPs reach outside through the router's SNAT and cannot be reached from outside; an overlay pod network (OVN-Kubernetes, Calico VXLAN) on an overlay tenant network encapsulates twice, which costs MTU and performance (seed 003, Architecture #2).",
    ],
    refs: [SEED_003],
  },
} satisfies Record<string, SourceEntry>;

export type SourceId = keyof typeof SOURCES;

export const SOURCE_IDS = Object.keys(SOURCES) as SourceId[];

export function sourceEntry(id: SourceId): SourceEntry {
  return SOURCES[id];
}
