/**
 * What the failure analysis returns: the impact of one failure on every element it reaches
 * (`analyse`, `analyseAll` in failure.ts), and the survivability of each cluster and app over every
 * single failure (`summarise` in survivability.ts).
 */
import type { LoadBalancer, Region, Router, Storage, Zone } from '../model/types.js';

// ------------------------------------------------------------------ one failure

export type DomainKind = 'region' | 'zone' | 'router' | 'loadBalancer';

/** One single failure: a region/site, a zone, a router (gateway) or a load balancer (LTM). */
export interface FailureDomain {
  kind: DomainKind;
  /** Region name, qualified zone id (`dc-east.az1`), router or load balancer name. */
  id: string;
  element: Region | Zone | Router | LoadBalancer;
}

/** An element that goes down with the failure, and why. */
export interface DownElement {
  name: string;
  reason: string;
}

export interface NetworkImpact {
  network: string;
  /** Its gateways, every one of them down. */
  gateways: string[];
}

export interface ControlPlaneImpact {
  total: number;
  /** Members in the failed zones. */
  lost: number;
  left: number;
  majority: number;
  quorum: boolean;
  /** Members whose zone is unknown (counted as left). */
  unplaced: number;
  lostIn: { zone: string; members: number }[];
  /** The control-plane network, when it lost every gateway. */
  cutNetwork?: string;
}

export interface WorkerPoolImpact {
  pool: string;
  total: number;
  left: number;
  /** False when every network of the pool lost its gateways. */
  reachable: boolean;
}

export type ClusterState = 'up' | 'degraded' | 'unreachable' | 'down';

export interface ClusterImpact {
  cluster: string;
  /** up: untouched; degraded: lost members/workers or API reach, still serving; unreachable: running, not reachable; down: not serving. */
  state: ClusterState;
  serving: boolean;
  controlPlane: ControlPlaneImpact;
  workers: WorkerPoolImpact[];
  workersTotal: number;
  workersLeft: number;
  /** A cluster without workers runs its workloads on the control plane. */
  schedulableControlPlane: boolean;
  apiReachable: boolean;
  /** Short reason for the state, e.g. `loses quorum (1 of 3 control-plane members left, majority 2)`. */
  reason: string;
  /** Further facts (e.g. why quorum holds although the API is unreachable). */
  notes: string[];
  /**
   * Set when the cluster is down because it lost its control plane (quorum) while nodes of it
   * survive and stay reachable: the kubelets keep running the pods they have and the Services
   * keep routing to them, but nothing heals, scales or reschedules until quorum returns. The
   * number of surviving reachable nodes that can run an app's pods.
   */
  frozenNodes?: number;
}

export interface AppClusterShare {
  cluster: string;
  /** This cluster's share of the app's replicas. */
  replicas: number;
  /**
   * The share still served: the whole share from a cluster that serves (it reschedules what it
   * lost), none from one that is down or unreachable, and from a cluster that lost its control
   * plane only the replicas that were running on its surviving nodes (`frozen`).
   */
  left: number;
  state: ClusterState;
  /** Why the share is not served, or not whole (absent when it is served whole). */
  reason?: string;
  /**
   * The cluster lost its control plane while nodes of it survive: `running` replicas keep running
   * there (served unless a GSLB has no backend up in front of them), nothing heals or scales them.
   */
  frozen?: {
    running: number;
    /** Without `spread zones`, none is counted; how many would keep running with it. */
    ifSpread?: number;
  };
}

export interface AppImpact {
  app: string;
  replicas: number;
  /** Replicas still served. */
  left: number;
  served: boolean;
  /** Regions (sites) still serving it, in model order. */
  sites: string[];
  clusters: AppClusterShare[];
  gslb?: string;
  /** When no replica is served although some run: why (e.g. no GSLB backend left). */
  reason?: string;
  /**
   * Served, but only by clusters that lost their control plane: the replicas left keep running,
   * but a failed pod is not replaced and nothing scales until a control plane returns.
   */
  cannotHeal?: true;
  /**
   * Set when a storage of the app without replication lost its only site: the replicas may run,
   * but the app is unavailable until its data is restored (seed 004, "No Replication").
   */
  dataUnavailable?: string;
}

export interface BackendImpact {
  loadBalancer: string;
  up: boolean;
  reason?: string;
}

export interface GslbNameImpact {
  /** The app's url, else its name. */
  name: string;
  app: string;
  gslb: string;
  backends: BackendImpact[];
  total: number;
  left: number;
  /** Some backend is down and at least one remains. */
  failsOver: boolean;
  /** Time for the GSLB to declare a backend down: fall × interval, when both are declared. */
  detection?: { fall: number; intervalMs: number; ms: number };
  /** The generated record whose answer moves (`topo generate`: PowerDNS zone file, k8gb Gslb), and after how long (PowerDNS: interval × fall). */
  record?: { record: string; ms?: number };
}

export interface ServersImpact {
  servers: string;
  total: number;
  left: number;
  reachable: boolean;
}

export type StorageOutcome =
  | 'unavailable'
  | 'partition-unavailable'
  | 'recent-writes-unavailable'
  | 'available'
  | 'writes-need-failover'
  | 'unknown';

export interface StorageImpact {
  storage: string;
  app?: string;
  pattern?: Storage['pattern'];
  sitesDown: string[];
  sitesLeft: string[];
  outcome: StorageOutcome;
  /** A disaster-recovery process (restore, re-routing) is needed. */
  dr: boolean;
  note: string;
}

export interface FailureImpact {
  domain: { kind: DomainKind; id: string };
  /** Zones down (qualified ids), in model order. */
  zones: string[];
  /** Regions down (all their zones failed). */
  regions: string[];
  routers: DownElement[];
  loadBalancers: DownElement[];
  networks: NetworkImpact[];
  /** Clusters the failure reaches (state other than up), in model order. */
  clusters: ClusterImpact[];
  /** Apps with a cluster or GSLB backend the failure reaches, in model order. */
  apps: AppImpact[];
  gslbNames: GslbNameImpact[];
  servers: ServersImpact[];
  storage: StorageImpact[];
}

// ------------------------------------------------------------------ survivability over every single failure

export interface ClusterBreak {
  domain: { kind: DomainKind; id: string };
  state: ClusterState;
  reason: string;
}

export interface ClusterSummary {
  cluster: string;
  /** Zone failures after which the cluster is down or unreachable. */
  zoneBreaks: ClusterBreak[];
  /** Site failures after which it is down or unreachable. */
  siteBreaks: ClusterBreak[];
  /** Router and load-balancer failures after which it is down or unreachable. */
  componentBreaks: ClusterBreak[];
  /** Zone, router and load-balancer failures that degrade it without stopping it (API reach, members). */
  degradedBy: ClusterBreak[];
  survivesAnyZone: boolean;
  /** Zones holding nodes of the cluster (the failures considered). */
  zones: number;
}

export interface AppBreak {
  domain: { kind: DomainKind; id: string };
  /** Replicas served (0: the app is down). */
  left: number;
  replicas: number;
  /** Replicas still running in clusters that are not down, but unreachable. */
  running: number;
  reason: string;
  /** Replicas `spread zones` would keep serving, where the app does not declare it. */
  ifSpread?: number;
}

/** An app still served after a failure, but only by clusters that lost their control plane. */
export interface AppFreeze {
  domain: { kind: DomainKind; id: string };
  /** Replicas served (more than 0). */
  left: number;
  replicas: number;
  /** The clusters serving it without a control plane, with why, e.g. `ocp-east loses quorum (...)`. */
  reason: string;
}

export interface AppSummary {
  app: string;
  replicas: number;
  zoneBreaks: AppBreak[];
  siteBreaks: AppBreak[];
  componentBreaks: AppBreak[];
  /** Zone failures after which it is served only by clusters that cannot heal or scale it. */
  zoneFreezes: AppFreeze[];
  /** Site failures after which it is served only by clusters that cannot heal or scale it. */
  siteFreezes: AppFreeze[];
  survivesAnyZone: boolean;
  survivesAnySite: boolean;
  /** False when the topology has one region: there is no other site to survive in. */
  multiSite: boolean;
}

export interface Summaries {
  clusters: Map<string, ClusterSummary>;
  apps: Map<string, AppSummary>;
}
