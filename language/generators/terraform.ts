/**
 * Terraform generator (PRODUCT.md §3): the same OpenStack infrastructure as the HEAT templates,
 * as one root module for the OpenStack provider (terraform-provider-openstack/openstack ~> 3.0),
 * formatted as `terraform fmt` formats it (hcl.ts). docs/generators.md ("Terraform") gives the
 * reasons; in short:
 *
 * - One configuration for the whole topology, one file per concern (versions, variables,
 *   networks, routers, security, compute, loadbalancers, firewall, outputs). Projects and regions
 *   are provider configurations (`provider "openstack" { alias = ... }`), so cross-project
 *   references are plain references and one `terraform apply` builds the environment.
 * - Variables: the environment's name, every topology `param` (CIDRs computed with Terraform's
 *   own `cidrsubnet`, so the two seed-001 parameters really drive everything), clouds.yaml
 *   entries, external networks, and what cannot be known (secrets: `sensitive = true`).
 * - What HEAT cannot do is here: FWaaS v2 (openstack_fw_*), the monitors' max_retries_down (fall).
 * - What the provider cannot do is said where it matters: routers have no `ha` argument (it is
 *   passed to Neutron through `value_specs`).
 */
import { cidrContains } from '../model/cidr.js';
import type { Element, FirewallRule, LoadBalancer, Network, Router, SecurityGroup, Servers, TopoModel, Zone } from '../model/types.js';
import {
  LB_ALGORITHMS,
  OCTAVIA_DEFAULT_FALL,
  environmentParam,
  expandPlacement,
  externalRefs,
  floatingExternal,
  isOctavia,
  memberNetwork,
  monitorTiming,
  neutronRule,
  octaviaMapping,
  openstackProblems,
  planOpenStack,
  reporter,
  routerAttachments,
  secretHint,
  snake,
  vipAddressPairs,
  vipNetwork,
  vipNetworkOfVia,
  volumeSize,
  type OpenStackPlan,
  type Scope,
} from './openstack.js';
import {
  attr,
  attrs,
  block,
  expr,
  obj,
  quote,
  renderBlocks,
  sections,
  tmpl,
  type Block,
  type BodyItem,
  type Expr,
  type HclValue,
} from './hcl.js';
import { header, openstackNames, type GeneratedFile, type GeneratorOptions } from './types.js';

export const OPENSTACK_PROVIDER_SOURCE = 'terraform-provider-openstack/openstack';
export const OPENSTACK_PROVIDER_VERSION = '~> 3.0';
export const TERRAFORM_REQUIRED_VERSION = '>= 1.5.0';

type FileKey = 'versions' | 'variables' | 'networks' | 'routers' | 'security' | 'compute' | 'loadbalancers' | 'firewall' | 'outputs';
const FILE_ORDER: FileKey[] = ['versions', 'variables', 'networks', 'routers', 'security', 'compute', 'loadbalancers', 'firewall', 'outputs'];

export function generateTerraform(model: TopoModel, options: GeneratorOptions = {}): GeneratedFile[] {
  const report = reporter('terraform', options);
  const plan = planOpenStack(model, report);
  const anything = plan.scopes.some((s) => s.networks.length || s.routers.length || s.securityGroups.length || s.servers.length || s.loadBalancers.length);
  if (!anything) return [];
  return new TerraformJob(model, plan, report).run(options);
}

const T = {
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

const ref = (type: string, name: string, attribute: string): Expr => expr(`${type}.${name}.${attribute}`);

interface Variable {
  name: string;
  type: string;
  description: string;
  default?: HclValue;
  sensitive?: boolean;
  validation?: { condition: string; message: string };
}

class TerraformJob {
  private readonly files = new Map<FileKey, { items: BodyItem[]; sources: Set<string> }>();
  private readonly variables = new Map<string, Variable>();
  private readonly outputs: Block[] = [];
  private readonly taken = new Map<string, Set<string>>();
  private readonly names = new Map<string, string>();
  private readonly envVar: string;
  private readonly multiRegion: boolean;
  private readonly externals: ReturnType<typeof externalRefs>;
  private readonly attachments: ReturnType<typeof routerAttachments>;
  private readonly vipPairs: ReturnType<typeof vipAddressPairs>;
  private readonly providerOf = new Map<Scope, string | undefined>();
  private readonly providers: Block[] = [];
  private readonly externalData = new Map<string, string>();
  /** Resource names of router interfaces (for firewall groups' ports): router → port id expressions. */
  private readonly routerPorts = new Map<Router, Expr[]>();
  private readonly routerInterfaces = new Map<Router, string[]>();

  constructor(
    private readonly model: TopoModel,
    private readonly plan: OpenStackPlan,
    private readonly report: ReturnType<typeof reporter>,
  ) {
    this.envVar = snake(environmentParam(model) ?? 'environment');
    this.multiRegion = plan.regions.length > 1;
    const externals = plan.scopes.flatMap((s) => [
      ...s.routers.map((r) => r.external).filter((e): e is string => !!e),
      ...s.servers.filter((x) => x.floatingIps).map((x) => floatingExternal(x) ?? 'internet'),
    ]);
    this.externals = externalRefs(externals);
    this.attachments = routerAttachments(model);
    this.vipPairs = vipAddressPairs(model);
  }

  // ------------------------------------------------------------------ plumbing

  private add(file: FileKey, item: BodyItem, sources: (Element | undefined)[] = []): void {
    if (!this.files.has(file)) this.files.set(file, { items: [], sources: new Set() });
    const f = this.files.get(file)!;
    f.items.push(item);
    for (const s of sources) if (s?.loc.uri) f.sources.add(s.loc.uri);
  }

  /** A unique resource name of a type, stable for (type, key). */
  private name(type: string, key: string, base: string): string {
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

  private variable(v: Variable): Expr {
    if (!this.variables.has(v.name)) this.variables.set(v.name, v);
    return expr(`var.${v.name}`);
  }

  private resource(type: string, name: string, body: BodyItem[], scope: Scope | undefined, opts: { comments?: string[]; count?: number | Expr; dependsOn?: string[] } = {}): Block {
    const meta = attrs([
      ['provider', scope ? this.provider(scope) : undefined],
      ['count', opts.count],
    ]);
    const tail = opts.dependsOn?.length ? [attr('depends_on', opts.dependsOn.map((d) => expr(d)))] : [];
    return block('resource', [type, name], sections(meta, body, tail), opts.comments);
  }

  private tags(): HclValue {
    return [`topology=${this.model.name}`, tmpl('environment=', expr(`var.${this.envVar}`))];
  }

  // ------------------------------------------------------------------ providers

  private provider(scope: Scope): Expr | undefined {
    if (!this.providerOf.has(scope)) this.providerOf.set(scope, this.defineProvider(scope));
    const alias = this.providerOf.get(scope);
    return alias ? expr(`openstack.${alias}`) : undefined;
  }

  private cloudVar(scope: Scope): Expr {
    const region = scope.region;
    const clusterCloud = this.model.clusters.find((c) => c.regions.includes(region!) && c.cloud && c.cloud !== 'openstack')?.cloud;
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
    const parts = [this.multiRegion && scope.region ? scope.region.name : '', scope.project?.name ?? ''].filter(Boolean);
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
    const where = [scope.project ? `project ${scope.project.name}` : 'the default project', scope.region ? `region ${scope.region.name}` : ''].filter(Boolean).join(' in ');
    this.providers.push(block('provider', ['openstack'], body, [`${where[0]!.toUpperCase()}${where.slice(1)}.`]));
    return alias;
  }

  private externalNetwork(scope: Scope, external: string): Expr {
    const e = this.externals.get(external)!;
    const v = this.variable({
      name: e.param,
      type: 'string',
      description: external === 'internet' ? "Name of the cloud's external (internet) network." : `Name of the external network ${external}.`,
      default: e.default,
    });
    const provider = this.provider(scope);
    const key = `${e.param}|${provider?.text ?? ''}`;
    let name = this.externalData.get(key);
    if (!name) {
      name = this.name('data.network', key, provider ? `${e.param}_${provider.text.replace(/^openstack\./, '')}` : e.param);
      this.externalData.set(key, name);
      this.add(
        'routers',
        block('data', [T.net, name], sections(attrs([['provider', provider]]), [attr('name', v), attr('external', true)])),
      );
    }
    return expr(`data.${T.net}.${name}`);
  }

  // ------------------------------------------------------------------ names of model elements

  private netName(n: Network): string {
    return this.name(T.net, n.name, n.name);
  }
  private sgName(g: SecurityGroup, scope: Scope): string {
    const scopes = this.plan.scopes.filter((s) => s.securityGroups.includes(g));
    const multi = scopes.length > 1 && scope.region;
    return this.name(T.sg, `${g.name}|${multi ? scope.key : ''}`, multi ? `${g.name}_${scope.region!.name}` : g.name);
  }
  private sgOf(g: SecurityGroup, scope: Scope): string {
    const s = this.plan.scopes.find((x) => x === scope && x.securityGroups.includes(g)) ?? this.plan.scopes.find((x) => x.securityGroups.includes(g) && x.region === scope.region) ?? this.plan.scopes.find((x) => x.securityGroups.includes(g))!;
    return this.sgName(g, s);
  }
  private routerName(r: Router): string {
    return this.name(T.router, r.name, r.name);
  }
  private serversName(s: Servers): string {
    return this.name(T.instance, s.name, s.name);
  }
  private lbName(lb: LoadBalancer): string {
    return this.name(T.lb, lb.name, lb.name);
  }

  // ------------------------------------------------------------------ variables from the topology

  private topologyVariables(): void {
    if (!this.model.params.has(environmentParam(this.model) ?? '')) {
      this.variable({ name: this.envVar, type: 'string', description: "The environment's name (resource tags).", default: this.model.name });
    }
    for (const p of this.model.params.values()) {
      const isNumber = p.type === 'number' && Number.isFinite(Number(p.value));
      const name = snake(p.name);
      this.variable({
        name: ['source', 'version', 'providers', 'count', 'for_each', 'lifecycle', 'depends_on', 'locals'].includes(name) ? `${name}_param` : name,
        type: isNumber ? 'number' : 'string',
        description: name === this.envVar ? `The environment's name (topology parameter ${p.name}).` : `Topology parameter ${p.name}${p.type === 'cidr' ? ' (CIDR)' : p.type === 'ip' ? ' (IPv4 address)' : ''}.`,
        default: isNumber ? Number(p.value) : p.value,
        validation:
          p.type === 'cidr'
            ? { condition: `can(cidrhost(var.${name}, 0))`, message: `${name} must be a CIDR such as ${p.value}.` }
            : p.type === 'ip'
              ? { condition: `can(cidrhost("\${var.${name}}/32", 0))`, message: `${name} must be an IPv4 address.` }
              : undefined,
      });
    }
  }

  /** Topology parameters that resources read. */
  private readonly usedParams = new Set<string>();

  /** Whether the network gets a subnet (it has a cidr): only then can ports and VIPs name one. */
  private hasSubnet(n: Network): boolean {
    return n.cidr !== undefined || (n.cidrExpr?.param !== undefined && this.model.params.has(n.cidrExpr.param));
  }

  private cidr(n: Network): HclValue | undefined {
    const e = n.cidrExpr;
    if (e?.param && this.model.params.has(e.param)) {
      this.usedParams.add(e.param);
      const v = `var.${snake(e.param)}`;
      if (e.newbits === undefined || e.netnum === undefined) return expr(v);
      return expr(`cidrsubnet(${v}, ${e.newbits}, ${e.netnum})`);
    }
    return n.cidr;
  }

  // ------------------------------------------------------------------ networks

  private network(n: Network, scope: Scope): void {
    const name = this.netName(n);
    const provider = n.physnet !== undefined || n.vlan !== undefined;
    const segments = provider
      ? [
          block(
            'segments',
            [],
            attrs([
              ['network_type', n.vlan !== undefined ? 'vlan' : 'flat'],
              ['physical_network', n.physnet],
              ['segmentation_id', n.vlan],
            ]),
          ),
        ]
      : [];
    const comments = [`network ${n.name}${n.netKind ? ` (${n.netKind})` : ''}${n.zones.length ? ` in ${zoneNames(n.zones).join(', ')}` : ''}`];
    if (provider) comments.push('A provider network: creating it needs the admin role.');
    this.add(
      'networks',
      this.resource(
        T.net,
        name,
        sections(
          attrs([
            ['name', openstackNames.network(n)],
            ['availability_zone_hints', n.zones.length ? zoneNames(n.zones) : undefined],
            ['mtu', n.mtu],
            ['tags', this.tags()],
          ]),
          segments,
        ),
        scope,
        { comments },
      ),
      [n],
    );
    const cidr = this.cidr(n);
    if (cidr === undefined) {
      this.report(...openstackProblems.networkWithoutCidr(), n);
      return;
    }
    this.add(
      'networks',
      this.resource(
        T.subnet,
        name,
        attrs([
          ['name', openstackNames.subnet(n)],
          ['network_id', ref(T.net, name, 'id')],
          ['cidr', cidr],
          ['ip_version', 4],
          ['dns_nameservers', n.dns.length ? n.dns : undefined],
          ['tags', this.tags()],
        ]),
        scope,
      ),
      [n],
    );
    this.output(`${snake(n.name)}_network_id`, `ID of network ${openstackNames.network(n)}`, ref(T.net, name, 'id'));
    this.output(`${snake(n.name)}_subnet_id`, `ID of subnet ${openstackNames.subnet(n)}`, ref(T.subnet, name, 'id'));
  }

  // ------------------------------------------------------------------ routers

  private router(r: Router, scope: Scope): void {
    const name = this.routerName(r);
    const comments = [`router ${r.name}${r.zones.length ? ` in ${zoneNames(r.zones).join(', ')}` : ''}`];
    const body: BodyItem[] = attrs([
      ['name', r.name],
      ['distributed', r.distributed ? true : undefined],
      ['availability_zone_hints', r.zones.length ? zoneNames(r.zones) : undefined],
      ['external_network_id', r.external ? expr(`${this.externalNetwork(scope, r.external).text}.id`) : undefined],
      ['enable_snat', r.external ? r.snat : undefined],
      ['tags', this.tags()],
    ]);
    if (r.ha) {
      body.push(
        attr('value_specs', obj([['ha', 'true']]), [
          'L3 HA (VRRP): the provider has no `ha` argument; value_specs passes Neutron\'s `ha` attribute.',
          "ha and distributed need the admin role under Neutron's default policy.",
        ]),
      );
    }
    if (r.snat !== undefined && !r.external) this.report(...openstackProblems.snatWithoutExternal(r), r);
    this.add('routers', this.resource(T.router, name, body, scope, { comments }), [r]);
    this.output(`${snake(r.name)}_router_id`, `ID of router ${r.name}`, ref(T.router, name, 'id'));

    const ifaces: string[] = [];
    const ports: Expr[] = [];
    const attachments = this.attachments.get(r);
    for (const n of r.interfaces) {
      if (n.cidr === undefined && n.cidrExpr === undefined) continue;
      const netScope = this.plan.scopeOf.get(n);
      if (!netScope) continue;
      const net = this.netName(n);
      const a = attachments?.get(n) ?? { gateway: true };
      const iname = this.name(T.iface, `${r.name}|${n.name}`, `${r.name}_${n.name}`);
      ifaces.push(`${T.iface}.${iname}`);
      const crossProject = netScope.project !== scope.project;
      const note = crossProject ? [`${n.name} belongs to project ${netScope.project?.name ?? '(default)'}: its subnet must be visible to ${scope.project?.name ?? 'the default project'} (RBAC access_as_shared) or apply as an administrator.`] : undefined;
      if (a.gateway) {
        this.add('routers', this.resource(T.iface, iname, attrs([['router_id', ref(T.router, name, 'id')], ['subnet_id', ref(T.subnet, net, 'id')]]), scope, { comments: note }), [r, n]);
        ports.push(ref(T.iface, iname, 'port_id'));
        continue;
      }
      const pname = this.name(T.port, `router|${r.name}|${n.name}`, `${r.name}_${n.name}`);
      this.add(
        'routers',
        this.resource(
          T.port,
          pname,
          sections(
            attrs([
              ['name', `${r.name}-${n.name}`],
              ['network_id', ref(T.net, net, 'id')],
            ]),
            [block('fixed_ip', [], attrs([['subnet_id', ref(T.subnet, net, 'id')], ['ip_address', a.ip]]))],
          ),
          scope,
          {
            comments: [
              `${r.name} is not the gateway of ${n.name} (${n.gateways[0]?.name ?? 'another router'} is): it joins the subnet through a port of its own${a.ip ? `, ${a.ip}, the next hop of the static routes on ${n.name}` : ''}.`,
              ...(note ?? []),
            ],
          },
        ),
        [r, n],
      );
      this.add('routers', this.resource(T.iface, iname, attrs([['router_id', ref(T.router, name, 'id')], ['port_id', ref(T.port, pname, 'id')]]), scope), [r]);
      ports.push(ref(T.port, pname, 'id'));
    }
    this.routerPorts.set(r, ports);
    this.routerInterfaces.set(r, ifaces);
    r.routes.forEach((x, i) => {
      this.add(
        'routers',
        this.resource(
          T.route,
          this.name(T.route, `${r.name}|${i}`, `${r.name}_${x.destination.replace(/[./]/g, '_')}`),
          attrs([
            ['router_id', ref(T.router, name, 'id')],
            ['destination_cidr', x.destination],
            ['next_hop', x.nexthop],
          ]),
          scope,
          { comments: i === 0 ? [`Static routes of ${r.name}: the next hops are on its attached subnets.`] : undefined, dependsOn: ifaces },
        ),
        [r],
      );
    });
  }

  // ------------------------------------------------------------------ security groups

  private securityGroup(g: SecurityGroup, scope: Scope): void {
    const name = this.sgName(g, scope);
    const hasEgress = g.rules.some((r) => r.direction === 'egress');
    this.add(
      'security',
      this.resource(
        T.sg,
        name,
        attrs([
          ['name', g.name],
          ['description', `Security group ${g.name} of topology ${this.model.name}`],
          ['delete_default_rules', hasEgress ? true : undefined],
          ['tags', this.tags()],
        ]),
        scope,
        { comments: [`security group ${g.name}${hasEgress ? ': its egress rules replace the default allow-all egress rules' : ''}`] },
      ),
      [g],
    );
    const seen = new Map<string, number>();
    for (const r of g.rules) {
      const nr = neutronRule(r, g, this.model);
      if (r.peer?.group && !nr.self && !nr.remoteGroup) {
        this.report(...openstackProblems.unknownGroup(r), g);
        continue;
      }
      const peer = nr.self ? g.name : nr.remoteGroup ? nr.remoteGroup.name : nr.remoteIpPrefix ? (nr.remoteIpPrefix === '0.0.0.0/0' ? 'any' : nr.remoteIpPrefix) : 'any';
      const ports = nr.portMin === undefined ? '' : nr.portMin === nr.portMax ? `_${nr.portMin}` : `_${nr.portMin}_${nr.portMax}`;
      let base = `${name}_${r.direction}_${nr.protocol ?? 'any'}${ports}_${peer.replace(/[./]/g, '_')}`;
      const k = seen.get(base) ?? 0;
      seen.set(base, k + 1);
      if (k) base = `${base}_${k + 1}`;
      if (nr.remoteGroup && this.plan.scopeOf.get(nr.remoteGroup)?.project !== scope.project) {
        this.report('warning', 'sg-project', `rule ${r.direction} ... group ${nr.remoteGroup.name}: that group belongs to another project; Neutron accepts it only for an administrator`, g);
      }
      this.add(
        'security',
        this.resource(
          T.rule,
          this.name(T.rule, `${name}|${base}`, base),
          attrs([
            ['security_group_id', ref(T.sg, name, 'id')],
            ['direction', nr.direction],
            ['ethertype', 'IPv4'],
            ['protocol', nr.protocol],
            ['port_range_min', nr.portMin],
            ['port_range_max', nr.portMax],
            ['remote_ip_prefix', nr.remoteIpPrefix],
            ['remote_group_id', nr.self ? ref(T.sg, name, 'id') : nr.remoteGroup ? ref(T.sg, this.sgOf(nr.remoteGroup, scope), 'id') : undefined],
          ]),
          scope,
        ),
        [g],
      );
    }
  }

  // ------------------------------------------------------------------ compute

  private servers(s: Servers, scope: Scope): void {
    const zones = expandPlacement(s.placement);
    const count = zones.length;
    if (!count) return;
    const name = this.serversName(s);
    const index = expr('count.index');
    const zoneNamesList = zones.map((z) => z?.name);
    const azValue: HclValue | undefined = zoneNamesList.every((z) => z === undefined)
      ? undefined
      : new Set(zoneNamesList).size === 1
        ? zoneNamesList[0]
        : zoneNamesList.some((z) => z === undefined)
          ? undefined
          : expr(`element(${listText(zoneNamesList as string[])}, count.index)`);
    const summary = `servers ${s.name}${s.role ? ` (${s.role})` : ''}: ${count} machine${count === 1 ? '' : 's'}${
      s.placement.perZone.size ? `, ${[...s.placement.perZone].map(([z, n]) => `${n} in ${z.name}`).join(', ')}` : ''
    }`;

    let group: string | undefined;
    if (s.antiAffinity) {
      group = this.name(T.group, s.name, s.name);
      this.add(
        'compute',
        this.resource(T.group, group, attrs([['name', s.name], ['policies', [s.antiAffinity === 'soft' ? 'soft-anti-affinity' : 'anti-affinity']]]), scope, {
          comments: [summary, s.antiAffinity === 'soft' ? 'Soft anti-affinity: on different hosts when the scheduler can.' : 'Anti-affinity: never two of them on one host.'],
        }),
        [s],
      );
    }

    const flavor = s.flavor ?? this.variable({ name: `${snake(s.name)}_flavor`, type: 'string', description: `Flavor of servers ${s.name} (the topology names none).` });
    const image = s.image ?? this.variable({ name: `${snake(s.name)}_image`, type: 'string', description: `Image of servers ${s.name} (the topology names none).` });
    const password = s.password
      ? this.variable({ name: `${snake(s.name)}_admin_pass`, type: 'string', description: `Administrator password of servers ${s.name}${secretHint(s.password)}.`, sensitive: true })
      : undefined;
    if (!s.networks.length) this.report(...openstackProblems.serverWithoutNetwork(), s);

    // Ports of our own when the servers hold VIPs (keepalived): allowed address pairs + their security groups.
    const pairs = this.vipPairs.get(s);
    const portNames = new Map<Network, string>();
    if (pairs) {
      for (const n of s.networks) {
        const net = this.netName(n);
        const vips = pairs.get(n);
        const pname = this.name(T.port, `servers|${s.name}|${n.name}`, `${s.name}_${n.name}`);
        portNames.set(n, pname);
        this.add(
          'compute',
          this.resource(
            T.port,
            pname,
            sections(
              attrs([
                ['name', tmpl(`${s.name}-`, index, `-${n.name}`)],
                ['network_id', ref(T.net, net, 'id')],
                ['security_group_ids', s.securityGroups.length ? s.securityGroups.map((g) => ref(T.sg, this.sgOf(g, scope), 'id')) : undefined],
              ]),
              this.hasSubnet(n) ? [block('fixed_ip', [], [attr('subnet_id', ref(T.subnet, net, 'id'))])] : [],
              (vips ?? []).map((v) => block('allowed_address_pairs', [], [attr('ip_address', v)])),
            ),
            scope,
            {
              count,
              comments: vips ? [`${s.name} may hold ${vips.join(', ')} (keepalived VIP${vips.length > 1 ? 's' : ''}): allowed address pair${vips.length > 1 ? 's' : ''} on their ports.`] : undefined,
            },
          ),
          [s],
        );
      }
    }

    const networks = s.networks.map((n) => {
      const pname = portNames.get(n);
      return block('network', [], [pname ? attr('port', expr(`${T.port}.${pname}[count.index].id`)) : attr('uuid', ref(T.net, this.netName(n), 'id'))]);
    });
    const dependsOn = pairs ? [] : s.networks.filter((n) => this.plan.scopeOf.has(n) && (n.cidr !== undefined || n.cidrExpr)).map((n) => `${T.subnet}.${this.netName(n)}`);
    this.add(
      'compute',
      this.resource(
        T.instance,
        name,
        sections(
          attrs([
            ['name', tmpl(`${s.name}-`, index)],
            ['flavor_name', flavor],
            ['image_name', image],
            ['key_pair', s.keyPair],
            ['availability_zone', azValue],
            ['security_groups', s.securityGroups.length && !pairs ? s.securityGroups.map((g) => ref(T.sg, this.sgOf(g, scope), 'name')) : undefined],
            ['admin_pass', password],
            ['tags', [`topology=${this.model.name}`, tmpl('environment=', expr(`var.${this.envVar}`)), `group=${s.name}`, ...(s.role ? [`role=${s.role}`] : [])]],
          ]),
          networks,
          group ? [block('scheduler_hints', [], [attr('group', ref(T.group, group, 'id'))])] : [],
        ),
        scope,
        { count, comments: group ? undefined : [summary], dependsOn },
      ),
      [s],
    );
    if (s.networks[0]) {
      this.output(`${snake(s.name)}_addresses`, `Addresses of servers ${s.name} on ${s.networks[0].name}`, expr(`${T.instance}.${name}[*].network[0].fixed_ip_v4`));
    }

    if (s.floatingIps) {
      const ext = floatingExternal(s) ?? 'internet';
      const e = this.externals.get(ext)!;
      const pool = this.variable({ name: e.param, type: 'string', description: ext === 'internet' ? "Name of the cloud's external (internet) network." : `Name of the external network ${ext}.`, default: e.default });
      const fip = this.name(T.fip, s.name, s.name);
      this.add('compute', this.resource(T.fip, fip, attrs([['pool', pool]]), scope, { count, comments: [`Floating IPs of servers ${s.name}.`] }), [s]);
      const first = s.networks[0];
      const port = first && portNames.get(first) ? expr(`${T.port}.${portNames.get(first)}[count.index].id`) : expr(`${T.instance}.${name}[count.index].network[0].port`);
      this.add(
        'compute',
        this.resource(T.fipAssoc, this.name(T.fipAssoc, s.name, s.name), attrs([['floating_ip', expr(`${T.fip}.${fip}[count.index].address`)], ['port_id', port]]), scope, { count }),
        [s],
      );
    }

    const size = volumeSize(s);
    if (size) {
      const vol = this.name(T.volume, s.name, `${s.name}_data`);
      this.add(
        'compute',
        this.resource(
          T.volume,
          vol,
          attrs([
            ['name', tmpl(`${s.name}-`, index, '-data')],
            ['size', size],
            ['availability_zone', azValue],
          ]),
          scope,
          { count, comments: [`Data volume of ${size} GiB per server of ${s.name}, in the server's zone.`] },
        ),
        [s],
      );
      this.add(
        'compute',
        this.resource(
          T.attach,
          this.name(T.attach, s.name, `${s.name}_data`),
          attrs([
            ['instance_id', expr(`${T.instance}.${name}[count.index].id`)],
            ['volume_id', expr(`${T.volume}.${vol}[count.index].id`)],
          ]),
          scope,
          { count },
        ),
        [s],
      );
    }
  }

  // ------------------------------------------------------------------ load balancers

  private loadBalancer(lb: LoadBalancer, scope: Scope): void {
    const vip = vipNetwork(lb);
    if (!vip || !this.plan.scopeOf.has(vip)) {
      this.report(...openstackProblems.vipWithoutNetwork(), lb);
      return;
    }
    if (!this.hasSubnet(vip)) {
      this.report(...openstackProblems.vipWithoutSubnet(vip), lb);
      return;
    }
    const name = this.lbName(lb);
    const vipNet = this.netName(vip);
    const comments = [`loadBalancer ${lb.name} (Octavia)${lb.zones.length ? `: zones ${zoneNames(lb.zones).join(', ')}` : ''}`];
    if (lb.zones.length > 1) comments.push('Octavia spreads a load balancer over zones through its flavor (ACTIVE_STANDBY amphorae), not per resource.');
    if (!lb.network) comments.push(`VIP on ${vip.name}, the network of its first member.`);
    this.add(
      'loadbalancers',
      this.resource(T.lb, name, attrs([['name', lb.name], ['vip_subnet_id', ref(T.subnet, vipNet, 'id')], ['vip_address', lb.vip]]), scope, { comments }),
      [lb],
    );
    this.output(`${snake(lb.name)}_vip_address`, `VIP of load balancer ${lb.name}`, ref(T.lb, name, 'vip_address'));
    const algorithm = LB_ALGORITHMS[lb.algorithm ?? 'round-robin'] ?? 'ROUND_ROBIN';
    for (const l of lb.listeners) {
      const m = octaviaMapping(l);
      for (const n of m.notes) this.report('warning', 'lb-listener', n, lb);
      const base = `${lb.name}-${l.port}`;
      const listener = this.name(T.listener, base, `${lb.name}_${l.port}`);
      const tls = m.needsCertificate
        ? this.variable({ name: `${snake(lb.name)}_tls_container_ref`, type: 'string', description: `Barbican container (URI) with the certificate and key that load balancer ${lb.name} terminates TLS with.` })
        : undefined;
      this.add(
        'loadbalancers',
        this.resource(
          T.listener,
          listener,
          attrs([
            ['name', base],
            ['protocol', m.listener],
            ['protocol_port', l.port],
            ['loadbalancer_id', ref(T.lb, name, 'id')],
            ['default_tls_container_ref', tls],
          ]),
          scope,
          { comments: [`listen ${l.protocol} ${l.port}${l.tls ? ` tls ${l.tls}` : ''}`] },
        ),
        [lb],
      );
      const pool = this.name(T.pool, base, `${lb.name}_${l.port}`);
      const clusterMembers = lb.members.filter((x) => x.kind === 'cluster');
      this.add(
        'loadbalancers',
        this.resource(
          T.pool,
          pool,
          attrs([
            ['name', base],
            ['protocol', m.pool],
            ['lb_method', algorithm],
            ['listener_id', ref(T.listener, listener, 'id')],
            ['tls_enabled', m.poolTls ? true : undefined],
          ]),
          scope,
          {
            comments: clusterMembers.length
              ? [`Members: the nodes of cluster ${clusterMembers.map((c) => c.name).join(', ')}, which its installer creates; add them to this pool after installation.`]
              : undefined,
          },
        ),
        [lb],
      );
      for (const member of lb.members) {
        if (member.kind !== 'servers') continue;
        const net = memberNetwork(member, vip);
        const memberScope = this.plan.scopeOf.get(member);
        if (!net || !memberScope) continue;
        if (!this.hasSubnet(net)) {
          this.report(...openstackProblems.membersWithoutSubnet(member, net), lb);
          continue;
        }
        const idx = member.networks.indexOf(net);
        const count = expandPlacement(member.placement).length;
        if (!count) continue;
        this.add(
          'loadbalancers',
          this.resource(
            T.member,
            this.name(T.member, `${base}|${member.name}`, `${lb.name}_${l.port}_${member.name}`),
            attrs([
              ['pool_id', ref(T.pool, pool, 'id')],
              ['address', expr(`${T.instance}.${this.serversName(member)}[count.index].network[${idx}].fixed_ip_v4`)],
              ['protocol_port', l.port],
              ['subnet_id', ref(T.subnet, this.netName(net), 'id')],
            ]),
            scope,
            { count, comments: [`Members: servers ${member.name}.`] },
          ),
          [lb, member],
        );
      }
      if (lb.health) {
        const t = monitorTiming(lb.health);
        for (const n of t.notes) this.report('warning', 'lb-health', n, lb);
        const hc = lb.health;
        this.add(
          'loadbalancers',
          this.resource(
            T.monitor,
            this.name(T.monitor, base, `${lb.name}_${l.port}`),
            attrs([
              ['pool_id', ref(T.pool, pool, 'id')],
              ['type', m.monitor],
              ['delay', t.delay],
              ['timeout', t.timeout],
              ['max_retries', t.maxRetries],
              ['max_retries_down', t.maxRetriesDown],
              ['url_path', m.monitor === 'TCP' ? undefined : hc.path],
            ]),
            scope,
            {
              comments: [
                `health "${hc.path}": rise ${t.maxRetries} (max_retries), fall ${t.maxRetriesDown ?? `${OCTAVIA_DEFAULT_FALL}, Octavia's default`} (max_retries_down)${m.monitor === 'TCP' ? '; a TCP listener is checked with a TCP connect (the path is not used)' : ''}`,
              ],
            },
          ),
          [lb],
        );
      }
    }
  }

  /** HAProxy load balancers on servers: their VIPs are reserved ports (the servers hold them). */
  private otherLoadBalancer(lb: LoadBalancer, scope: Scope): void {
    const net = lb.provider !== 'f5' && lb.vip ? vipNetworkOfVia(lb) : undefined;
    if (!net || !lb.vip || !net.cidr || !cidrContains(net.cidr, lb.vip) || !this.plan.scopeOf.has(net)) return;
    const netName = this.netName(net);
    this.add(
      'loadbalancers',
      this.resource(
        T.port,
        this.name(T.port, `vip|${lb.name}`, `${lb.name}_vip`),
        sections(
          attrs([
            ['name', `${lb.name}-vip`],
            ['network_id', ref(T.net, netName, 'id')],
          ]),
          [block('fixed_ip', [], attrs([['subnet_id', ref(T.subnet, netName, 'id')], ['ip_address', lb.vip]]))],
        ),
        scope,
        { comments: [`loadBalancer ${lb.name} (${lb.provider}): reserves its VIP ${lb.vip} on ${net.name}; ${lb.via?.name ?? 'its servers'} hold it with keepalived.`] },
      ),
      [lb],
    );
  }

  // ------------------------------------------------------------------ firewall (FWaaS v2)

  private firewall(r: Router, scope: Scope): void {
    if (!r.firewall || r.firewall === 'off' || !r.firewall.rules.length) return;
    const rules: Expr[] = [];
    r.firewall.rules.forEach((fr, i) => {
      const rule = this.fwRule(r, fr, i, scope);
      if (rule) rules.push(rule);
    });
    const policy = this.name(T.fwPolicy, r.name, r.name);
    this.add(
      'firewall',
      this.resource(T.fwPolicy, policy, attrs([['name', r.name], ['description', `Firewall rules of router ${r.name}, in order`], ['rules', rules]]), scope, {
        comments: [`FWaaS v2 of router ${r.name}: one ordered policy for both directions (the rules name their sources and destinations).`],
      }),
      [r],
    );
    const ports = this.routerPorts.get(r) ?? [];
    if (!ports.length) this.report('warning', 'firewall-ports', 'has firewall rules but no interfaces: the firewall group applies to no port', r);
    this.add(
      'firewall',
      this.resource(
        T.fwGroup,
        this.name(T.fwGroup, r.name, r.name),
        attrs([
          ['name', r.name],
          ['ingress_firewall_policy_id', ref(T.fwPolicy, policy, 'id')],
          ['egress_firewall_policy_id', ref(T.fwPolicy, policy, 'id')],
          ['ports', ports.length ? ports : undefined],
        ]),
        scope,
        { comments: [`Applied to the router's ports on its subnets.`] },
      ),
      [r],
    );
  }

  private fwRule(r: Router, fr: FirewallRule, i: number, scope: Scope): Expr | undefined {
    const side = (e: FirewallRule['from']): string | undefined | null => {
      if (!e || e.any) return undefined;
      if (e.group) return null;
      return e.cidr ?? (e.ip ? `${e.ip}/32` : undefined);
    };
    const src = side(fr.from);
    const dst = side(fr.to);
    if (src === null || dst === null) {
      this.report('warning', 'firewall-group', `firewall rule ${i + 1} names a security group: FWaaS rules take addresses only; rule left out`, r);
      return undefined;
    }
    const port = fr.portFrom === undefined ? undefined : fr.portTo !== undefined && fr.portTo !== fr.portFrom ? `${fr.portFrom}:${fr.portTo}` : String(fr.portFrom);
    const name = this.name(T.fwRule, `${r.name}|${i}`, `${r.name}_${i + 1}`);
    const describe = [fr.action, fr.protocol, fr.portFrom === undefined ? '' : port, fr.from ? `from ${src ?? 'anywhere'}` : '', fr.to ? `to ${dst ?? 'anywhere'}` : ''].filter(Boolean).join(' ');
    this.add(
      'firewall',
      this.resource(
        T.fwRule,
        name,
        attrs([
          ['name', `${r.name}-${i + 1}`],
          ['description', describe],
          ['action', fr.action],
          ['protocol', fr.protocol],
          ['ip_version', 4],
          ['source_ip_address', src],
          ['destination_ip_address', dst],
          ['destination_port', fr.protocol === 'tcp' || fr.protocol === 'udp' ? port : undefined],
        ]),
        scope,
      ),
      [r],
    );
    return ref(T.fwRule, name, 'id');
  }

  // ------------------------------------------------------------------ outputs and files

  private output(name: string, description: string, value: Expr): void {
    this.outputs.push(block('output', [name], attrs([['description', description], ['value', value]])));
  }

  run(options: GeneratorOptions): GeneratedFile[] {
    this.topologyVariables();
    for (const s of this.plan.scopes) for (const n of s.networks) this.network(n, s);
    for (const s of this.plan.scopes) for (const r of s.routers) this.router(r, s);
    for (const s of this.plan.scopes) for (const g of s.securityGroups) this.securityGroup(g, s);
    for (const s of this.plan.scopes) for (const x of s.servers) this.servers(x, s);
    for (const s of this.plan.scopes) for (const lb of s.loadBalancers) if (isOctavia(lb)) this.loadBalancer(lb, s);
    for (const s of this.plan.scopes) for (const lb of s.otherLoadBalancers) this.otherLoadBalancer(lb, s);
    for (const s of this.plan.scopes) for (const r of s.routers) this.firewall(r, s);
    // Every scope with resources has its provider configuration (the default one first).
    for (const s of this.plan.scopes) this.provider(s);

    const versions: BodyItem[] = [
      block('terraform', [], [
        attr('required_version', TERRAFORM_REQUIRED_VERSION),
        block('required_providers', [], [attr('openstack', obj([['source', OPENSTACK_PROVIDER_SOURCE], ['version', OPENSTACK_PROVIDER_VERSION]]))]),
      ]),
      ...this.providers.sort((a, b) => (a.body.some((x) => x.kind === 'attr' && x.name === 'alias') ? 1 : 0) - (b.body.some((x) => x.kind === 'attr' && x.name === 'alias') ? 1 : 0)),
    ];
    this.files.set('versions', { items: versions, sources: new Set() });
    for (const p of this.model.params.values()) {
      const v = this.variables.get(snake(p.name)) ?? this.variables.get(`${snake(p.name)}_param`);
      if (v && v.name !== this.envVar && !this.usedParams.has(p.name)) {
        v.description += ` Its value is built into this configuration (counts, names): change it with topo generate --set ${p.name}=...`;
      }
    }
    this.files.set('variables', { items: [...this.variables.values()].map(variableBlock), sources: new Set() });
    this.files.set('outputs', { items: this.outputs, sources: new Set() });

    const out: GeneratedFile[] = [];
    for (const key of FILE_ORDER) {
      const f = this.files.get(key);
      if (!f || !f.items.length) continue;
      const sources = f.sources.size ? [...f.sources].sort() : this.model.files;
      const content = header('#', this.model, sources, options) + '\n' + renderBlocks(f.items);
      out.push({ path: `terraform/${key}.tf`, content, target: 'terraform' });
    }
    return out;
  }
}

function zoneNames(zones: readonly Zone[]): string[] {
  return [...new Set(zones.map((z) => z.name))];
}

function listText(items: readonly string[]): string {
  return `[${items.map(quote).join(', ')}]`;
}

function variableBlock(v: Variable): Block {
  const body: BodyItem[] = attrs([
    ['type', expr(v.type)],
    ['description', v.description],
    ['default', v.default],
    ['sensitive', v.sensitive ? true : undefined],
  ]);
  if (v.validation) {
    body.push(
      { kind: 'blank' },
      block('validation', [], [attr('condition', expr(v.validation.condition)), attr('error_message', v.validation.message)]),
    );
  }
  return block('variable', [v.name], body);
}
