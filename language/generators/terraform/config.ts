/**
 * The Terraform configuration being built: its files (one per concern, `FILE_ORDER`), variables,
 * outputs and provider configurations, and the resource names given to model elements. The
 * resource modules beside this one (networks.ts, routers.ts, ...) add to it; terraform.ts runs them
 * and writes the files.
 */
import type { Element, LoadBalancer, Network, Router, SecurityGroup, Servers, TopoModel } from '../../model/types.js';
import {
  attr,
  attrs,
  block,
  expr,
  sections,
  tmpl,
  type Block,
  type BodyItem,
  type Expr,
  type HclValue,
} from '../hcl.js';
import {
  environmentParam,
  scopeExternals,
  snake,
  type ExternalRef,
  type OpenStackPlan,
  type Report,
  type Scope,
} from '../openstack.js';

export type FileKey =
  | 'versions'
  | 'variables'
  | 'networks'
  | 'routers'
  | 'security'
  | 'compute'
  | 'loadbalancers'
  | 'firewall'
  | 'outputs';
export const FILE_ORDER: FileKey[] = [
  'versions',
  'variables',
  'networks',
  'routers',
  'security',
  'compute',
  'loadbalancers',
  'firewall',
  'outputs',
];

/** The provider's resource types. */
export const T = {
  net: 'openstack_networking_network_v2',
  subnet: 'openstack_networking_subnet_v2',
  router: 'openstack_networking_router_v2',
  iface: 'openstack_networking_router_interface_v2',
  route: 'openstack_networking_router_route_v2',
  port: 'openstack_networking_port_v2',
  sg: 'openstack_networking_secgroup_v2',
  rule: 'openstack_networking_secgroup_rule_v2',
  group: 'openstack_compute_servergroup_v2',
  instance: 'openstack_compute_instance_v2',
  volume: 'openstack_blockstorage_volume_v3',
  attach: 'openstack_compute_volume_attach_v2',
  fip: 'openstack_networking_floatingip_v2',
  fipAssoc: 'openstack_networking_floatingip_associate_v2',
  lb: 'openstack_lb_loadbalancer_v2',
  listener: 'openstack_lb_listener_v2',
  pool: 'openstack_lb_pool_v2',
  member: 'openstack_lb_member_v2',
  monitor: 'openstack_lb_monitor_v2',
  fwRule: 'openstack_fw_rule_v2',
  fwPolicy: 'openstack_fw_policy_v2',
  fwGroup: 'openstack_fw_group_v2',
} as const;

export const ref = (type: string, name: string, attribute: string): Expr => expr(`${type}.${name}.${attribute}`);

export interface Variable {
  name: string;
  type: string;
  description: string;
  default?: HclValue;
  sensitive?: boolean;
  validation?: { condition: string; message: string };
}

export class TerraformConfig {
  readonly files = new Map<FileKey, { items: BodyItem[]; sources: Set<string> }>();
  readonly variables = new Map<string, Variable>();
  readonly outputs: Block[] = [];
  /** Files beside the configuration that it reads with `file()` (path relative to it, content). */
  readonly extraFiles: { path: string; content: string }[] = [];
  /** Provider configurations, in the order the scopes first needed them. */
  readonly providers: Block[] = [];
  readonly envVar: string;
  readonly externals: Map<string, ExternalRef>;
  /** Data sources of external networks already declared: variable and provider → data source name. */
  readonly externalData = new Map<string, string>();
  /** The ports of each router on its subnets (for its firewall group). */
  readonly routerPorts = new Map<Router, Expr[]>();
  /** Topology parameters that resources read. */
  readonly usedParams = new Set<string>();
  private readonly taken = new Map<string, Set<string>>();
  private readonly names = new Map<string, string>();
  private readonly multiRegion: boolean;
  private readonly providerOf = new Map<Scope, string | undefined>();

  constructor(
    readonly model: TopoModel,
    readonly plan: OpenStackPlan,
    readonly report: Report,
  ) {
    this.envVar = snake(environmentParam(model) ?? 'environment');
    this.multiRegion = plan.regions.length > 1;
    this.externals = scopeExternals(plan.scopes);
  }

  // ------------------------------------------------------------------ plumbing

  /** Adds a block to a file; `sources` are the elements whose documents the file's header names. */
  add(file: FileKey, item: BodyItem, sources: (Element | undefined)[] = []): void {
    if (!this.files.has(file)) this.files.set(file, { items: [], sources: new Set() });
    const f = this.files.get(file)!;
    f.items.push(item);
    for (const s of sources) if (s?.loc.uri) f.sources.add(s.loc.uri);
  }

  /** A unique resource name of a type, stable for (type, key). */
  name(type: string, key: string, base: string): string {
    const k = `${type}|${key}`;
    const known = this.names.get(k);
    if (known) return known;
    if (!this.taken.has(type)) this.taken.set(type, new Set());
    const used = this.taken.get(type)!;
    let n = snake(base);
    for (let i = 2; used.has(n); i++) n = `${snake(base)}_${i}`;
    used.add(n);
    this.names.set(k, n);
    return n;
  }

  /** Declares a variable (the first declaration of a name wins); its reference. */
  variable(v: Variable): Expr {
    if (!this.variables.has(v.name)) this.variables.set(v.name, v);
    return expr(`var.${v.name}`);
  }

  /** A resource block with its provider configuration, `count` and `depends_on`. */
  resource(
    type: string,
    name: string,
    body: BodyItem[],
    scope: Scope | undefined,
    opts: { comments?: string[]; count?: number | Expr; dependsOn?: string[] } = {},
  ): Block {
    const meta = attrs([
      ['provider', scope ? this.provider(scope) : undefined],
      ['count', opts.count],
    ]);
    const tail = opts.dependsOn?.length
      ? [
          attr(
            'depends_on',
            opts.dependsOn.map((d) => expr(d)),
          ),
        ]
      : [];
    return block('resource', [type, name], sections(meta, body, tail), opts.comments);
  }

  /** Tags every resource carries: topology and environment. */
  tags(): HclValue {
    return [`topology=${this.model.name}`, tmpl('environment=', expr(`var.${this.envVar}`))];
  }

  output(name: string, description: string, value: Expr): void {
    this.outputs.push(
      block(
        'output',
        [name],
        attrs([
          ['description', description],
          ['value', value],
        ]),
      ),
    );
  }

  // ------------------------------------------------------------------ providers

  provider(scope: Scope): Expr | undefined {
    if (!this.providerOf.has(scope)) this.providerOf.set(scope, this.defineProvider(scope));
    const alias = this.providerOf.get(scope);
    return alias ? expr(`openstack.${alias}`) : undefined;
  }

  private cloudVar(scope: Scope): Expr {
    const region = scope.region;
    const clusterCloud = this.model.clusters.find(
      (c) => c.regions.includes(region!) && c.cloud && c.cloud !== 'openstack',
    )?.cloud;
    if (!this.multiRegion || !region) {
      return this.variable({
        name: 'cloud',
        type: 'string',
        description: 'Entry of clouds.yaml to use (null: the OS_CLOUD or OS_* environment variables).',
        default: clusterCloud ?? null,
      });
    }
    return this.variable({
      name: `cloud_${snake(region.name)}`,
      type: 'string',
      description: `Entry of clouds.yaml for region ${region.name}.`,
      default: clusterCloud ?? region.name,
    });
  }

  /** Provider configuration of a scope: undefined = the default one. */
  private defineProvider(scope: Scope): string | undefined {
    const parts = [this.multiRegion && scope.region ? scope.region.name : '', scope.project?.name ?? ''].filter(
      Boolean,
    );
    const cloud = this.cloudVar(scope);
    if (!parts.length) {
      this.providers.push(block('provider', ['openstack'], [attr('cloud', cloud)]));
      return undefined;
    }
    const alias = snake(parts.join('_'));
    const body = attrs([
      ['alias', alias],
      ['cloud', cloud],
      ['tenant_name', scope.project?.name],
    ]);
    const where = [
      scope.project ? `project ${scope.project.name}` : 'the default project',
      scope.region ? `region ${scope.region.name}` : '',
    ]
      .filter(Boolean)
      .join(' in ');
    this.providers.push(block('provider', ['openstack'], body, [`${where[0]!.toUpperCase()}${where.slice(1)}.`]));
    return alias;
  }

  // ------------------------------------------------------------------ names of model elements

  netName(n: Network): string {
    return this.name(T.net, n.name, n.name);
  }
  sgName(g: SecurityGroup, scope: Scope): string {
    const scopes = this.plan.scopes.filter((s) => s.securityGroups.includes(g));
    const multi = scopes.length > 1 && scope.region;
    return this.name(T.sg, `${g.name}|${multi ? scope.key : ''}`, multi ? `${g.name}_${scope.region!.name}` : g.name);
  }
  sgOf(g: SecurityGroup, scope: Scope): string {
    const s =
      this.plan.scopes.find((x) => x === scope && x.securityGroups.includes(g)) ??
      this.plan.scopes.find((x) => x.securityGroups.includes(g) && x.region === scope.region) ??
      this.plan.scopes.find((x) => x.securityGroups.includes(g))!;
    return this.sgName(g, s);
  }
  routerName(r: Router): string {
    return this.name(T.router, r.name, r.name);
  }
  serversName(s: Servers): string {
    return this.name(T.instance, s.name, s.name);
  }
  lbName(lb: LoadBalancer): string {
    return this.name(T.lb, lb.name, lb.name);
  }
}
