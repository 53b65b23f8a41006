/**
 * The semantic model of a topology: computed from the linked AST of every file of one folder,
 * once per change, by `buildModel`. Rules, failure analysis, hovers, code lenses and generators
 * read only this; none of them walks the AST.
 *
 * Every element carries `loc` (where it is declared) and `at(prop)` locations of its properties so
 * that diagnostics and quick fixes can point at the exact text without touching the syntax tree.
 */

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
/** A place in a file: `uri` is the document URI (file:///...), the range is 0-based (LSP). */
export interface Loc {
  uri: string;
  range: Range;
}

export interface Element {
  kind: string;
  name: string;
  /** The declaration (whole block). */
  loc: Loc;
  /** The declared name. */
  nameLoc: Loc;
  /** Locations of properties as written, by property name (first occurrence). */
  props: Record<string, Loc | undefined>;
  /** The range just before the block's closing brace, where a new property line goes. */
  insertLoc?: Loc;
  /** Indentation of the block's properties (for quick fixes that insert lines). */
  indent: string;
  /** Where the element is referred to by name, in every file of the topology. */
  refs: Loc[];
}

export interface ParamInfo extends Element {
  kind: 'param';
  type: 'string' | 'cidr' | 'ip' | 'number';
  default: string;
  value: string;
  overridden: boolean;
}

export interface SecretRef {
  kind: 'file' | 'env' | 'literal';
  /** The file path or variable name; for a literal, never the secret itself. */
  reference?: string;
  /** Set when the value goes through a named `secret`. */
  secretName?: string;
  loc: Loc;
  /** Only for literals, so the generator can refuse and the rule can point at it. */
  literalLength?: number;
}

export interface Region extends Element {
  kind: 'region';
  keyword: 'region' | 'site';
  provider?: string;
  location?: string;
  zones: Zone[];
}

export interface Zone extends Element {
  kind: 'zone';
  /** Qualified id: `region.zone`. */
  id: string;
  region: Region;
}

export type RttSource = 'same-zone' | 'zone-pair' | 'region-pair';
export interface RttEntry {
  ms: number;
  source: RttSource;
  /** The `rtt` line that gave the figure (absent for same-zone). */
  decl?: Loc;
}

export interface RttDecl {
  a: string; // zone id or region name
  b: string;
  aKind: 'zone' | 'region';
  bKind: 'zone' | 'region';
  ms: number;
  loc: Loc;
}

export interface Project extends Element {
  kind: 'project';
  role?: 'dmz' | 'shared-services' | 'department';
  nat: string[];
}

export interface Network extends Element {
  kind: 'network';
  project?: Project;
  netKind?: 'stretched-l2' | 'routed-provider' | 'overlay';
  cidr?: string;
  cidrExpr?: { param?: string; newbits?: number; netnum?: number };
  zones: Zone[];
  gateways: Router[];
  nat: string[];
  vlan?: number;
  physnet?: string;
  mtu?: number;
  dns: string[];
}

export interface FirewallRule {
  action: 'allow' | 'deny';
  protocol: string;
  portFrom?: number;
  portTo?: number;
  from?: Endpoint;
  to?: Endpoint;
}

export interface Endpoint {
  cidr?: string;
  ip?: string;
  group?: string;
  any?: boolean;
}

export interface Router extends Element {
  kind: 'router';
  project?: Project;
  zones: Zone[];
  ha: boolean;
  distributed: boolean;
  external?: string;
  snat?: boolean;
  interfaces: Network[];
  firewall?: { rules: FirewallRule[] } | 'off';
  routes: { destination: string; nexthop: string }[];
}

export interface Connector extends Element {
  kind: 'connector';
  networks: Network[];
  bandwidth?: string;
}

export interface SecurityRule {
  direction: 'ingress' | 'egress';
  protocol: string;
  portFrom?: number;
  portTo?: number;
  peer?: Endpoint;
}

export interface SecurityGroup extends Element {
  kind: 'securityGroup';
  project?: Project;
  rules: SecurityRule[];
}

/** Where a group of machines sits: a count per zone, plus those whose zone is unknown. */
export interface Placement {
  total: number;
  perZone: Map<Zone, number>;
  unplaced: number;
  /** True when counts were written per zone (`zone: n`), false for round-robin or perZone. */
  explicit: boolean;
}

export interface EtcdTiming {
  heartbeatMs?: number;
  electionMs?: number;
  profile?: 'standard' | 'slower';
  loc: Loc;
}

export interface ControlPlane {
  loc: Loc;
  props: Record<string, Loc | undefined>;
  insertLoc?: Loc;
  indent: string;
  replicas: number;
  replicasDeclared: boolean;
  placement: Placement;
  /** The zones as written, in order. */
  zones: Zone[];
  /** The first of `networks` (where the members' primary port is). */
  network?: Network;
  /** Several when members sit on per-zone networks (seed 003 Architecture #3). */
  networks: Network[];
  flavor?: string;
  rootVolume?: { sizeGiB: number; types: string[] };
  serverGroup?: string;
  etcd?: EtcdTiming;
  platform?: 'openstack' | 'baremetal';
  /** Fixed addresses of the members (`addresses`), in member order; empty when not fixed. */
  addresses: string[];
}

export interface WorkerPool {
  name: string;
  loc: Loc;
  props: Record<string, Loc | undefined>;
  insertLoc?: Loc;
  indent: string;
  placement: Placement;
  zones: Zone[];
  networks: Network[];
  flavor?: string;
  rootVolume?: { sizeGiB: number; types: string[] };
  serverGroup?: string;
  floatingIps: boolean;
  /** Fixed addresses of the pool's machines (`addresses`), in machine order; empty when not fixed. */
  addresses: string[];
}

export interface ClusterEndpoint {
  vips: string[];
  floatingIps: string[];
  loc: Loc;
}

export interface Cluster extends Element {
  kind: 'cluster';
  project?: Project;
  distribution: 'openshift' | 'kubernetes';
  version?: string;
  install: 'ipi' | 'upi';
  baseDomain?: string;
  controlPlane: ControlPlane;
  workers: WorkerPool[];
  api?: ClusterEndpoint;
  ingress?: ClusterEndpoint;
  loadBalancer: { kind: 'managed' | 'external'; lb?: LoadBalancer; loc?: Loc };
  networkType: string;
  podNetwork: string;
  hostPrefix: number;
  serviceNetwork: string;
  machineNetwork?: string;
  cloud: string;
  externalNetwork?: string;
  pullSecret?: SecretRef;
  sshKey?: SecretRef;
  /** True when OpenShift runs keepalived for the API/ingress VIPs on the nodes (IPI, no user-managed LB). */
  keepalived: boolean;
  /** Networks the cluster's nodes attach to (control plane and workers). */
  networks: Network[];
  /** Routers that are gateways of those networks. */
  gateways: Router[];
  /** Every zone holding a node of this cluster. */
  zones: Zone[];
  regions: Region[];
}

export interface Servers extends Element {
  kind: 'servers';
  project?: Project;
  role?: string;
  placement: Placement;
  zones: Zone[];
  antiAffinity?: 'hard' | 'soft';
  flavor?: string;
  image?: string;
  networks: Network[];
  securityGroups: SecurityGroup[];
  volumeGiB?: number;
  floatingIps: boolean;
  password?: SecretRef;
  keyPair?: string;
  /** DNS name of the service (seed 001: a DNS name for every service). */
  hostname?: string;
  /** Fixed addresses of the machines on their first network (`addresses`), machine i gets addresses[i]; empty when not fixed. */
  addresses: string[];
}

export interface HealthCheck {
  path: string;
  intervalMs?: number;
  fall?: number;
  rise?: number;
  timeoutMs?: number;
  loc: Loc;
  props: Record<string, Loc | undefined>;
}

export interface Listener {
  protocol: 'http' | 'https' | 'tcp';
  port: number;
  tls?: 'terminate' | 'reencrypt' | 'passthrough';
}

export interface LoadBalancer extends Element {
  kind: 'loadBalancer';
  project?: Project;
  provider?: 'octavia' | 'haproxy' | 'f5';
  zones: Zone[];
  /** The VIP's network (the first of `networks`). */
  network?: Network;
  /** Networks the load balancer has a leg in (one per zone for a K5-style LBaaS, seed 000). */
  networks: Network[];
  vip?: string;
  hostname?: string;
  listeners: Listener[];
  members: (Cluster | Servers)[];
  health?: HealthCheck;
  algorithm?: string;
  via?: Servers;
  /** Regions of its zones, members and network. */
  regions: Region[];
  /** The keepalived instance that holds its VIP on its `via` servers (HAProxy load balancers, see `KeepalivedInstance`). */
  keepalived?: KeepalivedInstance;
}

/**
 * A keepalived VRRP instance that topo itself configures: one per HAProxy load balancer with a VIP
 * (`loadBalancer … provider haproxy via <servers> vip …`), run on every machine of its `via`
 * group. Computed by the model (`model/keepalived.ts`) so that the generators write it and the
 * rules (l2/vrrp-collision) check it from one source.
 */
export interface KeepalivedInstance {
  loadBalancer: LoadBalancer;
  servers: Servers;
  /** The L2 segment the advertisements travel on: the network of `servers` that holds the VIP. */
  segment?: Network;
  /** The virtual router id: one that no other VRRP user on the segment has (clusters' keepalived included). */
  vrid: number;
  /** Unicast when every machine of the group has a fixed address (peers are listed), else multicast (224.0.0.18). */
  mode: 'unicast' | 'multicast';
  /** The machines' fixed addresses (unicast peers), in machine order; empty for multicast. */
  peers: string[];
  vip: string;
}

export interface Gslb extends Element {
  kind: 'gslb';
  provider?: 'powerdns' | 'k8gb' | 'f5';
  backends: LoadBalancer[];
  policy?: string;
  health?: HealthCheck;
  /** Host names of the GSLB's own name servers (`nameservers`): the NS records of its zones. */
  nameservers: string[];
}

export interface Storage extends Element {
  kind: 'storage';
  app?: App;
  pattern?: 'none' | 'infra-async' | 'app-async' | 'partitioned' | 'sync';
  engine?: string;
  /** Where the data lives (declared sites, else the app's regions). */
  regions: Region[];
  zones: Zone[];
  sitesDeclared: boolean;
  backup?: { region?: Region; zone?: Zone; target?: string; intervalMs?: number; loc: Loc };
  sizeGiB?: number;
  password?: SecretRef;
}

export interface App extends Element {
  kind: 'app';
  clusters: Cluster[];
  replicas: number;
  replicasDeclared: boolean;
  /** Replicas per cluster, divided as federation does (seed 004): floor(n/k), remainder to the first. */
  split: Map<Cluster, number>;
  url?: string;
  gslb?: Gslb;
  health?: HealthCheck;
  readiness?: string;
  hpa?: { min?: number; max?: number; cpuPercent?: number };
  tls?: 'terminate' | 'reencrypt' | 'passthrough';
  /**
   * `spread zones`: its pods are spread evenly over the zones of each cluster (a zone topology
   * spread constraint, maxSkew 1, DoNotSchedule). Undefined: Kubernetes' soft default spreading,
   * which promises no even spread.
   */
  spread?: 'zones';
  storage: Storage[];
  regions: Region[];
  /** Container image (`registry/name:tag`); the apps target writes a placeholder without it. */
  image?: string;
  /** Container port as declared (the apps target defaults to 8080). */
  port?: number;
  /** HTTP path of the liveness probe (else a TCP check of the port). */
  liveness?: string;
  /** What one pod requests: CPU in cores, memory in bytes. */
  requests?: { cpu?: number; memoryBytes?: number };
  /** Named `secret` declarations the pods receive (references only). */
  secrets: { name: string; ref: SecretRef }[];
}

export interface Management extends Element {
  kind: 'management';
  hostedOn?: { platform?: string; region?: Region };
  manages: Region[];
  nodes?: number;
  hosts?: number;
}

/** `// topo-ignore rule-id: reason` on the line above a finding silences it. */
export interface IgnoreDirective {
  uri: string;
  line: number;
  ruleId: string;
  reason: string;
}

/** A problem the model builder itself found (unknown parameter, inconsistent counts). */
export interface ModelProblem {
  severity: 'error' | 'warning';
  message: string;
  loc: Loc;
  code: string;
}

export interface TopoModel {
  /** The topology's name (from a `topology` line), else the folder name. */
  name: string;
  /** Document URIs of the files that form this topology, sorted. */
  files: string[];
  params: Map<string, ParamInfo>;
  regions: Region[];
  zones: Zone[];
  zoneById: Map<string, Zone>;
  rttDecls: RttDecl[];
  /** Round-trip time between two zones; undefined when nothing declares it. */
  rtt(a: Zone, b: Zone): RttEntry | undefined;
  projects: Project[];
  networks: Network[];
  routers: Router[];
  connectors: Connector[];
  securityGroups: SecurityGroup[];
  clusters: Cluster[];
  servers: Servers[];
  loadBalancers: LoadBalancer[];
  gslbs: Gslb[];
  apps: App[];
  storages: Storage[];
  managements: Management[];
  secrets: { name: string; ref: SecretRef }[];
  /** The keepalived instances topo configures (HAProxy load balancers' VIPs), by load balancer name. */
  keepalived: KeepalivedInstance[];
  ignores: IgnoreDirective[];
  problems: ModelProblem[];
  /** Any element by name, for hovers and lenses. */
  byName: Map<string, Element>;
}
