/**
 * HEAT generator (PRODUCT.md §3): HOT templates (`heat_template_version: 2018-08-31`, rocky) for
 * the OpenStack infrastructure of a topology. docs/generators.md ("HEAT") gives the reasons; in
 * short:
 *
 * - One template per project (and per region when the topology spans several OpenStack regions):
 *   a Heat stack lives in one project of one region, so that is the unit a HEAT user creates,
 *   deletes and creates again (seed 000: "deployed over and over again"). Elements without a
 *   project go into `<topology>.yaml` (the project of whoever creates the stack). A reference to
 *   something another template creates (a router interface on another project's subnet, a server
 *   on it) becomes a parameter whose default is the OpenStack name that template gives it, and
 *   the description says which stacks to create first.
 * - Parameters: the environment's name (the topology's `env`/`environment` parameter, else
 *   `environment`), every topology `param` (type and default), the external networks, and what
 *   cannot be known (missing images/flavors, secrets: `hidden: true`, never a default).
 * - `cidrsubnet($subnet, newbits, netnum)`: HOT cannot compute CIDRs. When the prefix and the
 *   result are octet-aligned (`/16` + 8 → `/24`) the CIDR is a `str_replace` over the octets of
 *   the `subnet` parameter, whose `allowed_pattern` then pins its prefix length, so another
 *   environment's subnet works. Otherwise the network gets its own `<net>_cidr` parameter whose
 *   default is the CIDR computed from the model.
 * - FWaaS v2 cannot be created by Heat (DOMAIN.md): a comment points at terraform/firewall.tf.
 *
 * Pure: model (+ options) → files; deterministic (model order, no timestamps).
 */
import { cidrContains } from '../model/cidr.js';
import type { Element, LoadBalancer, Network, Router, SecurityGroup, SecurityRule, Servers, TopoModel } from '../model/types.js';
import { flowSeq, fn, getAttr, getParam, getResource, renderYaml, seq, wrap, ymap, YFolded, YMap, YRaw, type YEntry, type YSeq, type YValue } from './hot.js';
import {
  LB_ALGORITHMS,
  OCTAVIA_DEFAULT_FALL,
  alignedCidr,
  environmentParam,
  expandPlacement,
  externalRefs,
  fileName,
  floatingExternal,
  hasSubnet,
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
  unique,
  vipAddressPairs,
  vipNetwork,
  vipNetworkOfVia,
  volumeSize,
  withSuffix,
  type Attachment,
  type ExternalRef,
  type NeutronRule,
  type OpenStackPlan,
  type Report,
  type Scope,
} from './openstack.js';
import { header, openstackNames, type GeneratedFile, type GeneratorOptions } from './types.js';

export const HEAT_TEMPLATE_VERSION = '2018-08-31';

export function generateHeat(model: TopoModel, options: GeneratorOptions = {}): GeneratedFile[] {
  const report = reporter('heat', options);
  const plan = planOpenStack(model, report);
  const multiRegion = plan.regions.length > 1;
  const files: GeneratedFile[] = [];
  const paths = new Map<Scope, string>();
  const used = new Set<string>();
  for (const s of plan.scopes) {
    let base = fileName(s.project?.name ?? model.name);
    if (!s.project && model.projects.some((p) => fileName(p.name) === base)) base = `${base}-default`;
    let path = multiRegion && s.region ? `heat/${fileName(s.region.name)}/${base}.yaml` : `heat/${base}.yaml`;
    for (let n = 2; used.has(path); n++) path = path.replace(/(-\d+)?\.yaml$/, `-${n}.yaml`);
    used.add(path);
    paths.set(s, path);
  }
  for (const s of plan.scopes) {
    if (!s.networks.length && !s.routers.length && !s.securityGroups.length && !s.servers.length && !s.loadBalancers.length) continue;
    const t = new HotTemplate(model, plan, s, paths, report);
    files.push({ path: paths.get(s)!, content: t.render(options), target: 'heat' });
  }
  return files;
}

interface HotParam {
  name: string;
  type: 'string' | 'number' | 'comma_delimited_list' | 'boolean';
  description: string;
  default?: string | number;
  hidden?: boolean;
  constraints?: YValue[];
}

class HotTemplate {
  private readonly params = new Map<string, HotParam>();
  private readonly resources: YEntry[] = [];
  private readonly outputs: YEntry[] = [];
  private readonly taken = new Set<string>();
  private readonly ids = new Map<string, string>();
  private readonly topComments: string[] = [];
  private readonly sources = new Set<string>();
  /** Stacks this one refers to (create them first). */
  private readonly after = new Set<string>();
  private readonly envParam: string;
  /** Topology parameters that this template's resources read. */
  private readonly usedParams = new Set<string>();
  private readonly externals: Map<string, ExternalRef>;
  private readonly attachments: Map<Router, Map<Network, Attachment>>;
  private readonly vipPairs: Map<Servers, Map<Network, string[]>>;

  constructor(
    private readonly model: TopoModel,
    private readonly plan: OpenStackPlan,
    private readonly scope: Scope,
    private readonly paths: Map<Scope, string>,
    private readonly report: Report,
  ) {
    this.envParam = environmentParam(model) ?? 'environment';
    const externals = [
      ...scope.routers.map((r) => r.external).filter((e): e is string => !!e),
      ...scope.servers.filter((s) => s.floatingIps).map((s) => floatingExternal(s) ?? 'internet'),
    ];
    this.externals = externalRefs(externals);
    this.attachments = routerAttachments(model);
    this.vipPairs = vipAddressPairs(model);
  }

  // ------------------------------------------------------------------ names

  /** A unique resource name for (kind, element) in this template. */
  private id(kind: string, name: string, suffix: string): string {
    const key = `${kind}:${name}`;
    const known = this.ids.get(key);
    if (known) return known;
    let id = suffix ? withSuffix(name, suffix) : snake(name);
    for (let n = 2; this.taken.has(id); n++) id = `${suffix ? withSuffix(name, suffix) : snake(name)}_${n}`;
    this.taken.add(id);
    this.ids.set(key, id);
    return id;
  }
  private netId(n: Network): string {
    return this.id('net', n.name, 'net');
  }
  private subnetId(n: Network): string {
    return this.id('subnet', n.name, 'subnet');
  }
  private routerId(r: Router): string {
    return this.id('router', r.name, 'router');
  }
  private sgId(g: SecurityGroup): string {
    return this.id('sg', g.name, 'sg');
  }
  private serverId(s: Servers, i: number): string {
    return this.id('server', `${s.name}-${i}`, '');
  }
  private lbId(lb: LoadBalancer): string {
    return this.id('lb', lb.name, 'lb');
  }

  private param(p: HotParam): string {
    if (!this.params.has(p.name)) this.params.set(p.name, p);
    return p.name;
  }

  private addResource(id: string, type: string, properties: YMap, extra: { comments?: string[]; dependsOn?: string[] } = {}): void {
    const body: YEntry[] = [{ key: 'type', value: type }];
    if (properties.entries.length) body.push({ key: 'properties', value: properties });
    if (extra.dependsOn?.length) body.push({ key: 'depends_on', value: extra.dependsOn.length === 1 ? extra.dependsOn[0]! : flowSeq(...extra.dependsOn) });
    this.resources.push({ key: id, value: new YMap(body), comments: extra.comments, blankBefore: true });
  }

  private source(el: { loc: { uri: string } }): void {
    if (el.loc.uri) this.sources.add(el.loc.uri);
  }

  private inScope(el: Element): boolean {
    return this.plan.scopeOf.get(el) === this.scope || (el.kind === 'securityGroup' && this.scope.securityGroups.includes(el as SecurityGroup));
  }

  private otherStack(el: Element): string | undefined {
    const s = this.plan.scopeOf.get(el);
    const path = s && this.paths.get(s);
    return path?.replace(/^heat\//, '');
  }

  // ------------------------------------------------------------------ references

  /** The subnet of a network: this template's resource, or a parameter naming another stack's. */
  private subnetRef(n: Network): YValue {
    if (this.inScope(n)) return getResource(this.subnetId(n));
    const other = this.otherStack(n);
    if (other) this.after.add(other);
    const name = this.param({
      name: `${snake(n.name)}_subnet`,
      type: 'string',
      description: `Subnet ${openstackNames.subnet(n)} of network ${n.name}${n.project ? ` (project ${n.project.name})` : ''}${other ? `, created by ${other}` : ''}; it must be visible to this project (RBAC access_as_shared, or create this stack as an administrator).`,
      default: openstackNames.subnet(n),
      constraints: [ymap({ custom_constraint: 'neutron.subnet' })],
    });
    return getParam(name);
  }

  /** A network: this template's resource, or a parameter naming another stack's. */
  private networkRef(n: Network): YValue {
    if (this.inScope(n)) return getResource(this.netId(n));
    const other = this.otherStack(n);
    if (other) this.after.add(other);
    return getParam(
      this.param({
        name: `${snake(n.name)}_network`,
        type: 'string',
        description: `Network ${openstackNames.network(n)}${n.project ? ` (project ${n.project.name})` : ''}${other ? `, created by ${other}` : ''}; it must be visible to this project.`,
        default: openstackNames.network(n),
        constraints: [ymap({ custom_constraint: 'neutron.network' })],
      }),
    );
  }

  private sgRef(g: SecurityGroup, forRule: boolean): YValue {
    if (this.inScope(g)) return getResource(this.sgId(g));
    const other = this.otherStack(g);
    if (other) this.after.add(other);
    if (forRule) {
      // A rule's remote group must be an ID (Heat does not look rule groups up by name).
      return getParam(
        this.param({
          name: `${snake(g.name)}_security_group_id`,
          type: 'string',
          description: `ID of security group ${g.name}${g.project ? ` of project ${g.project.name}` : ''}${other ? ` (created by ${other})` : ''}.`,
          constraints: [ymap({ custom_constraint: 'neutron.security_group' })],
        }),
      );
    }
    return getParam(
      this.param({
        name: `${snake(g.name)}_security_group`,
        type: 'string',
        description: `Security group ${g.name}${g.project ? ` of project ${g.project.name}` : ''}${other ? ` (created by ${other})` : ''}.`,
        default: g.name,
        constraints: [ymap({ custom_constraint: 'neutron.security_group' })],
      }),
    );
  }

  private externalParam(external: string): string {
    const ref = this.externals.get(external) ?? { external, param: 'external_network', default: external === 'internet' ? undefined : external };
    return this.param({
      name: ref.param,
      type: 'string',
      description: external === 'internet' ? "Name or ID of the cloud's external (internet) network." : `Name or ID of the external network ${external}.`,
      default: ref.default,
      constraints: [ymap({ custom_constraint: 'neutron.network' })],
    });
  }

  /** Nova server tags (at most 60 characters each): topology, environment, group, role. */
  private serverTags(s: Servers): YSeq {
    const fixed = [`topology=${this.model.name}`, `group=${s.name}`, ...(s.role ? [`role=${s.role}`] : [])].filter((t) => t.length <= 60 && !/[,/]/.test(t));
    return flowSeq(fixed[0] ?? 'topo', fn('list_join', flowSeq('=', flowSeq('environment', getParam(this.envParam)))), ...fixed.slice(1));
  }

  private tags(): YSeq {
    return flowSeq(`topology=${this.model.name}`, fn('list_join', flowSeq('=', flowSeq('environment', getParam(this.envParam)))));
  }

  // ------------------------------------------------------------------ parameters of the topology

  private topologyParams(): void {
    if (!this.model.params.has(this.envParam)) {
      this.param({
        name: this.envParam,
        type: 'string',
        description: "The environment's name (resource tags).",
        default: this.model.name,
      });
    }
    for (const p of this.model.params.values()) {
      this.source(p);
      const constraints: YValue[] = [];
      if (p.type === 'cidr') constraints.push(ymap({ custom_constraint: 'net_cidr' }));
      if (p.type === 'ip') constraints.push(ymap({ custom_constraint: 'ip_addr' }));
      const isNumber = p.type === 'number' && Number.isFinite(Number(p.value));
      this.param({
        name: p.name,
        type: isNumber ? 'number' : 'string',
        description:
          p.name === this.envParam
            ? `The environment's name (topology parameter ${p.name}).`
            : p.type === 'cidr'
              ? `Topology parameter ${p.name} (CIDR).`
              : `Topology parameter ${p.name}.`,
        default: isNumber ? Number(p.value) : p.value,
        constraints: constraints.length ? constraints : undefined,
      });
    }
  }

  /** The `cidr` of a network's subnet: a literal, a parameter, or an expression over one. */
  private cidrValue(n: Network): { value: YValue; comments: string[] } | undefined {
    const e = n.cidrExpr;
    if (!e?.param) return n.cidr ? { value: n.cidr, comments: [] } : undefined;
    const p = this.model.params.get(e.param);
    if (!p || !n.cidr) return n.cidr ? { value: n.cidr, comments: [] } : undefined;
    this.usedParams.add(p.name);
    if (e.newbits === undefined || e.netnum === undefined) return { value: getParam(p.name), comments: [] };
    const what = `cidrsubnet($${p.name}, ${e.newbits}, ${e.netnum}): ${n.cidr} for ${p.name} = ${p.value}`;
    const aligned = alignedCidr(p.value, e.newbits, e.netnum);
    if (aligned) {
      // Pin the parameter's prefix length: the octet arithmetic below is right only for it.
      const param = this.params.get(p.name);
      if (param) {
        const octet = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
        const parts: string[] = [];
        for (let i = 0; i < 4; i++) parts.push(i < aligned.fromParam ? octet : '0');
        const pattern = `^${parts.join('\\.')}/${aligned.prefixLength}$`;
        const c = ymap({
          allowed_pattern: pattern,
          description: `a /${aligned.prefixLength} network address: the subnets below are computed octet by octet`,
        });
        const existing = (param.constraints ?? []).some((x) => x instanceof YMap && x.entries.some((en) => en.key === 'allowed_pattern'));
        if (!existing) param.constraints = [...(param.constraints ?? []), c];
      }
      const octets = Array.from({ length: aligned.fromParam }, (_, i) => `$octet${i + 1}`);
      return {
        value: fn(
          'str_replace',
          ymap({
            template: [...octets, ...aligned.rest].join('.'),
            params: new YMap(octets.map((o, i) => ({ key: o, value: fn('str_split', flowSeq('.', getParam(p.name), i)) }))),
          }),
        ),
        comments: [what],
      };
    }
    const name = this.param({
      name: `${snake(n.name)}_cidr`,
      type: 'string',
      description: `CIDR of network ${n.name}: ${what.replace(/: .*/, '')} (HOT cannot compute CIDRs: change it together with ${p.name}).`,
      default: n.cidr,
      constraints: [ymap({ custom_constraint: 'net_cidr' })],
    });
    return { value: getParam(name), comments: [] };
  }

  // ------------------------------------------------------------------ resources

  private network(n: Network): void {
    this.source(n);
    const valueSpecs: [string, YValue][] = [];
    if (n.physnet !== undefined || n.vlan !== undefined) {
      valueSpecs.push(['provider:network_type', n.vlan !== undefined ? 'vlan' : 'flat']);
      if (n.physnet !== undefined) valueSpecs.push(['provider:physical_network', n.physnet]);
      if (n.vlan !== undefined) valueSpecs.push(['provider:segmentation_id', n.vlan]);
    }
    if (n.mtu !== undefined) valueSpecs.push(['mtu', n.mtu]);
    const notes: string[] = [];
    if (n.physnet !== undefined || n.vlan !== undefined) notes.push(`Provider network (${n.netKind ?? 'VLAN'}): creating it needs the admin role.`);
    this.addResource(
      this.netId(n),
      'OS::Neutron::Net',
      ymap({
        name: openstackNames.network(n),
        availability_zone_hints: n.zones.length ? flowSeq(...unique(n.zones.map((z) => z.name))) : undefined,
        value_specs: valueSpecs.length ? new YMap(valueSpecs.map(([key, value]) => ({ key, value }))) : undefined,
        tags: this.tags(),
      }),
      { comments: [`network ${n.name}${n.netKind ? ` (${n.netKind})` : ''}${n.zones.length ? ` in ${unique(n.zones.map((z) => z.name)).join(', ')}` : ''}`, ...notes] },
    );
    const cidr = this.cidrValue(n);
    if (!cidr) {
      this.report(...openstackProblems.networkWithoutCidr(), n);
      return;
    }
    this.addResource(
      this.subnetId(n),
      'OS::Neutron::Subnet',
      new YMap([
        { key: 'name', value: openstackNames.subnet(n) },
        { key: 'network', value: getResource(this.netId(n)) },
        { key: 'cidr', value: cidr.value, comments: cidr.comments },
        { key: 'ip_version', value: 4 },
        ...(n.dns.length ? [{ key: 'dns_nameservers', value: flowSeq(...n.dns) }] : []),
        { key: 'tags', value: this.tags() },
      ]),
    );
    this.outputs.push({ key: `${snake(n.name)}_network_id`, value: ymap({ description: `ID of network ${openstackNames.network(n)}`, value: getResource(this.netId(n)) }) });
    this.outputs.push({ key: `${snake(n.name)}_subnet_id`, value: ymap({ description: `ID of subnet ${openstackNames.subnet(n)}`, value: getResource(this.subnetId(n)) }) });
  }

  private router(r: Router): void {
    this.source(r);
    const comments = [`router ${r.name}${r.zones.length ? ` in ${unique(r.zones.map((z) => z.name)).join(', ')}` : ''}`];
    const props: YEntry[] = [{ key: 'name', value: r.name }];
    if (r.ha && r.distributed) {
      comments.push(
        'ha + distributed: Heat refuses both properties together. The router is distributed (DVR); its centralised SNAT part is HA when neutron.conf sets l3_ha = True.',
      );
      props.push({ key: 'distributed', value: true });
    } else {
      if (r.ha) props.push({ key: 'ha', value: true });
      if (r.distributed) props.push({ key: 'distributed', value: true });
    }
    if (r.ha || r.distributed) comments.push("ha / distributed need the admin role under Neutron's default policy.");
    if (r.zones.length) props.push({ key: 'availability_zone_hints', value: flowSeq(...unique(r.zones.map((z) => z.name))) });
    if (r.external) {
      const gw: YEntry[] = [{ key: 'network', value: getParam(this.externalParam(r.external)) }];
      if (r.snat !== undefined) gw.push({ key: 'enable_snat', value: r.snat });
      props.push({ key: 'external_gateway_info', value: new YMap(gw) });
    } else if (r.snat !== undefined) {
      this.report(...openstackProblems.snatWithoutExternal(r), r);
    }
    props.push({ key: 'tags', value: this.tags() });
    if (r.firewall && r.firewall !== 'off' && r.firewall.rules.length) {
      comments.push(
        `Firewall (${r.firewall.rules.length} rules): Heat cannot create FWaaS v2 (its OS::Neutron::Firewall* resources need FWaaS v1, removed from Neutron in Stein). The firewall group, policy and rules of this router are in the Terraform output: terraform/firewall.tf.`,
      );
    }
    const id = this.routerId(r);
    this.addResource(id, 'OS::Neutron::Router', new YMap(props), { comments });
    const interfaces: string[] = [];
    const attachments = this.attachments.get(r);
    for (const n of r.interfaces) {
      if (!hasSubnet(this.model, n)) continue; // no subnet to attach
      const a = attachments?.get(n) ?? { gateway: true };
      const iid = this.id('interface', `${r.name}-${n.name}`, 'interface');
      interfaces.push(iid);
      if (a.gateway) {
        this.addResource(iid, 'OS::Neutron::RouterInterface', ymap({ router: getResource(id), subnet: this.subnetRef(n) }));
        continue;
      }
      const pid = this.id('port', `${r.name}-${n.name}`, 'port');
      this.addResource(
        pid,
        'OS::Neutron::Port',
        ymap({
          name: `${r.name}-${n.name}`,
          network: this.networkRef(n),
          fixed_ips: seq(ymap({ subnet: this.subnetRef(n), ip_address: a.ip })),
        }),
        {
          comments: [
            `${r.name} is not the gateway of ${n.name} (${n.gateways[0]?.name ?? 'another router'} is): it joins the subnet through a port of its own${a.ip ? `, ${a.ip}, the next hop of the static routes on ${n.name}` : ''}.`,
          ],
        },
      );
      this.addResource(iid, 'OS::Neutron::RouterInterface', ymap({ router: getResource(id), port: getResource(pid) }));
    }
    if (r.routes.length) {
      this.addResource(
        this.id('routes', r.name, 'routes'),
        'OS::Neutron::ExtraRouteSet',
        ymap({
          router: getResource(id),
          routes: seq(...r.routes.map((x) => ymap({ destination: x.destination, nexthop: x.nexthop }))),
        }),
        { comments: ['Static routes (needs the extraroute-atomic extension); the next hops are on the attached subnets.'], dependsOn: interfaces },
      );
    }
    this.outputs.push({ key: `${snake(r.name)}_router_id`, value: ymap({ description: `ID of router ${r.name}`, value: getResource(id) }) });
  }

  private securityGroups(): void {
    const groups = this.scope.securityGroups;
    // Rules that refer to another group of this template go inline (get_resource) unless that
    // would close a dependency cycle; those become OS::Neutron::SecurityGroupRule resources.
    // Egress references are kept inline first: Heat removes a group's default egress rules only
    // when the group's inline rules contain an egress rule.
    const edges = new Map<SecurityGroup, Set<SecurityGroup>>();
    const reaches = (from: SecurityGroup, to: SecurityGroup): boolean => {
      const seen = new Set<SecurityGroup>();
      const stack = [from];
      while (stack.length) {
        const g = stack.pop()!;
        if (g === to) return true;
        if (seen.has(g)) continue;
        seen.add(g);
        stack.push(...(edges.get(g) ?? []));
      }
      return false;
    };
    const separate = new Set<SecurityRule>();
    const candidates: { g: SecurityGroup; r: SecurityRule; target: SecurityGroup }[] = [];
    for (const g of groups) {
      for (const r of g.rules) {
        const nr = neutronRule(r, g, this.model);
        if (nr.remoteGroup && groups.includes(nr.remoteGroup) && this.inScope(nr.remoteGroup)) candidates.push({ g, r, target: nr.remoteGroup });
      }
    }
    candidates.sort((a, b) => (a.r.direction === b.r.direction ? 0 : a.r.direction === 'egress' ? -1 : 1));
    for (const c of candidates) {
      if (reaches(c.target, c.g)) separate.add(c.r);
      else {
        if (!edges.has(c.g)) edges.set(c.g, new Set());
        edges.get(c.g)!.add(c.target);
      }
    }

    for (const g of groups) {
      this.source(g);
      const id = this.sgId(g);
      const rules: YValue[] = [];
      const extra: { r: SecurityRule; nr: NeutronRule }[] = [];
      for (const r of g.rules) {
        const nr = neutronRule(r, g, this.model);
        if (r.peer?.group && !nr.self && !nr.remoteGroup) {
          this.report(...openstackProblems.unknownGroup(r), g);
          continue;
        }
        if (separate.has(r)) {
          extra.push({ r, nr });
          continue;
        }
        rules.push(this.inlineRule(nr));
      }
      if (g.rules.some((r) => r.direction === 'egress') && !rules.some((x) => x instanceof YMap && x.entries.some((e) => e.key === 'direction' && e.value === 'egress'))) {
        this.report('warning', 'sg-egress', 'all its egress rules refer to groups in a cycle: Heat keeps the default allow-all egress rules of this group', g);
      }
      this.addResource(
        id,
        'OS::Neutron::SecurityGroup',
        ymap({
          name: g.name,
          description: `Security group ${g.name} of topology ${this.model.name}`,
          rules: rules.length ? seq(...rules) : undefined,
        }),
        { comments: [`security group ${g.name}`] },
      );
      extra.forEach(({ r, nr }, i) => {
        this.addResource(
          this.id('sgrule', `${g.name}-${r.direction}-${i + 1}`, 'rule'),
          'OS::Neutron::SecurityGroupRule',
          ymap({
            security_group: getResource(id),
            direction: nr.direction,
            ethertype: 'IPv4',
            protocol: nr.protocol,
            port_range_min: nr.portMin,
            port_range_max: nr.portMax,
            remote_group: nr.remoteGroup ? this.sgRef(nr.remoteGroup, false) : undefined,
          }),
          { comments: [`A separate rule: ${g.name} and ${nr.remoteGroup?.name} refer to each other (inline rules would be a dependency cycle).`] },
        );
      });
    }
  }

  private inlineRule(nr: NeutronRule): YMap {
    const e: [string, YValue | undefined][] = [
      ['direction', nr.direction],
      ['ethertype', 'IPv4'],
      ['protocol', nr.protocol],
      ['port_range_min', nr.portMin],
      ['port_range_max', nr.portMax],
    ];
    if (nr.self) e.push(['remote_mode', 'remote_group_id']);
    else if (nr.remoteGroup) e.push(['remote_mode', 'remote_group_id'], ['remote_group_id', this.sgRef(nr.remoteGroup, true)]);
    else if (nr.remoteIpPrefix) e.push(['remote_ip_prefix', nr.remoteIpPrefix]);
    return ymap(Object.fromEntries(e));
  }

  private servers(s: Servers): void {
    this.source(s);
    const zones = expandPlacement(s.placement);
    const baseComments = [
      `servers ${s.name}${s.role ? ` (${s.role})` : ''}: ${zones.length} machine${zones.length === 1 ? '' : 's'}${
        s.placement.perZone.size ? `, ${[...s.placement.perZone].map(([z, n]) => `${n} in ${z.name}`).join(', ')}` : ''
      }`,
    ];
    let groupId: string | undefined;
    if (s.antiAffinity) {
      groupId = this.id('group', s.name, 'group');
      this.addResource(groupId, 'OS::Nova::ServerGroup', ymap({ name: s.name, policies: flowSeq(s.antiAffinity === 'soft' ? 'soft-anti-affinity' : 'anti-affinity') }), {
        comments: [...baseComments, s.antiAffinity === 'soft' ? 'Soft anti-affinity: on different hosts when the scheduler can.' : 'Anti-affinity: never two of them on one host.'],
      });
    }
    const flavor: YValue = s.flavor ?? getParam(this.param({ name: `${snake(s.name)}_flavor`, type: 'string', description: `Flavor of servers ${s.name} (the topology names none).`, constraints: [ymap({ custom_constraint: 'nova.flavor' })] }));
    const image: YValue = s.image ?? getParam(this.param({ name: `${snake(s.name)}_image`, type: 'string', description: `Image of servers ${s.name} (the topology names none).`, constraints: [ymap({ custom_constraint: 'glance.image' })] }));
    const password = s.password
      ? getParam(this.param({ name: `${snake(s.name)}_admin_pass`, type: 'string', description: `Administrator password of servers ${s.name}${secretHint(s.password)}.`, hidden: true }))
      : undefined;
    if (!s.networks.length) this.report(...openstackProblems.serverWithoutNetwork(), s);
    const fipExternal = s.floatingIps ? floatingExternal(s) ?? 'internet' : undefined;
    const size = volumeSize(s);
    const addresses: YValue[] = [];
    zones.forEach((zone, i) => {
      const id = this.serverId(s, i);
      let fipId: string | undefined;
      if (fipExternal) {
        fipId = this.id('fip', `${s.name}-${i}`, 'floating_ip');
        this.addResource(fipId, 'OS::Neutron::FloatingIP', ymap({ floating_network: getParam(this.externalParam(fipExternal)) }));
      }
      const pairs = this.vipPairs.get(s);
      const networks = s.networks.map((n, k) => {
        const vips = pairs?.get(n);
        const fip = k === 0 && fipId ? getResource(fipId) : undefined;
        // A network without a cidr has no subnet to name: the port goes on the network.
        if (!pairs) return hasSubnet(this.model, n) ? ymap({ subnet: this.subnetRef(n), floating_ip: fip }) : ymap({ network: this.networkRef(n), floating_ip: fip });
        // Ports of our own: they carry the VIPs the server may hold (keepalived) as allowed address
        // pairs, and then its security groups too (Nova applies them only to ports it creates).
        const pid = this.id('port', `${s.name}-${i}-${n.name}`, 'port');
        this.addResource(
          pid,
          'OS::Neutron::Port',
          ymap({
            name: `${s.name}-${i}-${n.name}`,
            network: this.networkRef(n),
            fixed_ips: hasSubnet(this.model, n) ? seq(ymap({ subnet: this.subnetRef(n) })) : undefined,
            security_groups: s.securityGroups.length ? flowSeq(...s.securityGroups.map((g) => this.sgRef(g, false))) : undefined,
            allowed_address_pairs: vips ? seq(...vips.map((v) => ymap({ ip_address: v }))) : undefined,
          }),
          { comments: vips ? [`${s.name}-${i} may hold ${vips.join(', ')} (keepalived VIP${vips.length > 1 ? 's' : ''} of ${s.name}): allowed address pair${vips.length > 1 ? 's' : ''} on its port.`] : undefined },
        );
        return ymap({ port: getResource(pid), floating_ip: fip });
      });
      const props = ymap({
        name: `${s.name}-${i}`,
        flavor,
        image,
        key_name: s.keyPair,
        availability_zone: zone?.name,
        networks: networks.length ? seq(...networks) : undefined,
        security_groups: s.securityGroups.length && !pairs ? flowSeq(...s.securityGroups.map((g) => this.sgRef(g, false))) : undefined,
        scheduler_hints: groupId ? ymap({ group: getResource(groupId) }) : undefined,
        admin_pass: password,
        tags: this.serverTags(s),
      });
      this.addResource(id, 'OS::Nova::Server', props, { comments: i === 0 && !groupId ? baseComments : undefined });
      if (s.networks[0]) addresses.push(getAttr(id, 'networks', openstackNames.network(s.networks[0]), 0));
      if (size) {
        const vid = this.id('volume', `${s.name}-${i}`, 'volume');
        this.addResource(vid, 'OS::Cinder::Volume', ymap({ name: `${s.name}-${i}-data`, size, availability_zone: zone?.name }), {
          comments: i === 0 ? [`Data volume of ${size} GiB per server, in the server's zone.`] : undefined,
        });
        this.addResource(this.id('attach', `${s.name}-${i}`, 'volume_attachment'), 'OS::Cinder::VolumeAttachment', ymap({ instance_uuid: getResource(id), volume_id: getResource(vid) }));
      }
    });
    if (addresses.length) {
      this.outputs.push({ key: `${snake(s.name)}_addresses`, value: ymap({ description: `Addresses of servers ${s.name} on ${s.networks[0]!.name}`, value: seq(...addresses) }) });
    }
  }

  private loadBalancer(lb: LoadBalancer): void {
    this.source(lb);
    const vip = vipNetwork(lb);
    if (!vip) {
      this.report(...openstackProblems.vipWithoutNetwork(), lb);
      return;
    }
    if (!hasSubnet(this.model, vip)) {
      this.report(...openstackProblems.vipWithoutSubnet(vip), lb);
      return;
    }
    const id = this.lbId(lb);
    const comments = [`loadBalancer ${lb.name} (Octavia)${lb.zones.length ? `: zones ${unique(lb.zones.map((z) => z.name)).join(', ')}` : ''}`];
    if (lb.zones.length > 1) comments.push('Octavia spreads a load balancer over zones through its flavor (ACTIVE_STANDBY amphorae), not per resource.');
    if (!lb.network) comments.push(`VIP on ${vip.name}, the network of its first member.`);
    this.addResource(id, 'OS::Octavia::LoadBalancer', ymap({ name: lb.name, vip_subnet: this.subnetRef(vip), vip_address: lb.vip }), { comments });
    this.outputs.push({ key: `${snake(lb.name)}_vip_address`, value: ymap({ description: `VIP of load balancer ${lb.name}`, value: getAttr(id, 'vip_address') }) });
    const algorithm = LB_ALGORITHMS[lb.algorithm ?? 'round-robin'] ?? 'ROUND_ROBIN';
    for (const l of lb.listeners) {
      const m = octaviaMapping(l);
      for (const n of m.notes) this.report('warning', 'lb-listener', n, lb);
      const base = `${lb.name}-${l.port}`;
      const lid = this.id('listener', base, 'listener');
      const tlsRef = m.needsCertificate
        ? getParam(
            this.param({
              name: `${snake(lb.name)}_tls_container_ref`,
              type: 'string',
              description: `Barbican container (URI) with the certificate and key that load balancer ${lb.name} terminates TLS with.`,
            }),
          )
        : undefined;
      this.addResource(
        lid,
        'OS::Octavia::Listener',
        ymap({ name: base, loadbalancer: getResource(id), protocol: m.listener, protocol_port: l.port, default_tls_container_ref: tlsRef }),
        { comments: [`listen ${l.protocol} ${l.port}${l.tls ? ` tls ${l.tls}` : ''}`] },
      );
      const pid = this.id('pool', base, 'pool');
      this.addResource(pid, 'OS::Octavia::Pool', ymap({ name: base, listener: getResource(lid), protocol: m.pool, lb_algorithm: algorithm, tls_enabled: m.poolTls ? true : undefined }));
      for (const member of lb.members) {
        if (member.kind === 'cluster') {
          this.resources[this.resources.length - 1]!.comments = [
            ...(this.resources[this.resources.length - 1]!.comments ?? []),
            `Members: the nodes of cluster ${member.name}, which its installer creates; add them to this pool after installation.`,
          ];
          continue;
        }
        if (!this.inScope(member)) {
          this.report('warning', 'lb-member', `members ${member.name} are created by another stack (${this.otherStack(member) ?? 'none'}): add them to pool ${base} by hand`, lb);
          continue;
        }
        const net = memberNetwork(member, vip);
        if (!net) continue;
        if (!hasSubnet(this.model, net)) {
          this.report(...openstackProblems.membersWithoutSubnet(member, net), lb);
          continue;
        }
        expandPlacement(member.placement).forEach((_, i) => {
          this.addResource(
            this.id('member', `${base}-${member.name}-${i}`, 'member'),
            'OS::Octavia::PoolMember',
            ymap({
              pool: getResource(pid),
              address: getAttr(this.serverId(member, i), 'networks', openstackNames.network(net), 0),
              protocol_port: l.port,
              subnet: this.subnetRef(net),
            }),
          );
        });
      }
      if (lb.health) {
        const t = monitorTiming(lb.health);
        for (const n of t.notes) this.report('warning', 'lb-health', n, lb);
        const mc: string[] = [`health "${lb.health.path}"${m.monitor === 'TCP' ? ': a TCP listener is checked with a TCP connect (the path is not used)' : ''}`];
        if (t.maxRetriesDown !== undefined && t.maxRetriesDown !== OCTAVIA_DEFAULT_FALL) {
          mc.push(
            `fall ${t.maxRetriesDown}: Heat's OS::Octavia::HealthMonitor has no max_retries_down (Heat 19/Zed), so Octavia's default of ${OCTAVIA_DEFAULT_FALL} applies. After creating the stack: openstack loadbalancer healthmonitor set --max-retries-down ${t.maxRetriesDown} <monitor> (the Terraform output sets it).`,
          );
        }
        this.addResource(
          this.id('monitor', base, 'monitor'),
          'OS::Octavia::HealthMonitor',
          ymap({
            pool: getResource(pid),
            type: m.monitor,
            delay: t.delay,
            timeout: t.timeout,
            max_retries: t.maxRetries,
            url_path: m.monitor === 'TCP' ? undefined : lb.health.path,
          }),
          { comments: mc },
        );
      }
    }
  }

  // ------------------------------------------------------------------ the document

  render(options: GeneratorOptions): string {
    this.topologyParams();
    for (const n of this.scope.networks) this.network(n);
    for (const r of this.scope.routers) this.router(r);
    this.securityGroups();
    for (const s of this.scope.servers) this.servers(s);
    for (const lb of this.scope.loadBalancers) this.loadBalancer(lb);

    for (const c of this.model.connectors) {
      if (c.networks.some((n) => this.inScope(n))) {
        this.source(c);
        this.topComments.push(`connector ${c.name} (${c.networks.map((n) => n.name).join(' <-> ')}${c.bandwidth ? `, ${c.bandwidth}` : ''}): an inter-AZ connector is a K5 extension of Neutron, not a Heat resource; create it with K5's network connector API.`);
      }
    }
    for (const c of this.scope.clusters) {
      this.topComments.push(`cluster ${c.name}: its machines are created by its installer${c.distribution === 'openshift' ? ` (openshift/${c.name}/install-config.yaml)` : ''}; this stack creates the networks it uses.`);
    }
    for (const lb of this.scope.otherLoadBalancers) {
      this.source(lb);
      const net = lb.provider !== 'f5' && lb.vip ? vipNetworkOfVia(lb) : undefined;
      if (net && lb.vip && net.cidr && cidrContains(net.cidr, lb.vip)) {
        this.addResource(
          this.id('vip', lb.name, 'vip_port'),
          'OS::Neutron::Port',
          ymap({ name: `${lb.name}-vip`, network: this.networkRef(net), fixed_ips: seq(ymap({ subnet: this.subnetRef(net), ip_address: lb.vip })) }),
          { comments: [`loadBalancer ${lb.name}: reserves its VIP ${lb.vip} on ${net.name} so that Neutron gives it to no one else; ${lb.via?.name ?? 'its servers'} hold it with keepalived.`] },
        );
      }
      this.topComments.push(
        lb.provider === 'haproxy'
          ? `loadBalancer ${lb.name}: HAProxy on servers ${lb.via?.name ?? '(via not set)'}, configured inside those VMs; not an OpenStack resource.`
          : `loadBalancer ${lb.name} (${lb.provider}): outside OpenStack; configured on the appliance.`,
      );
    }

    const where = [this.scope.project ? `project ${this.scope.project.name}` : 'the default project', this.scope.region ? `region ${this.scope.region.name}` : undefined].filter(Boolean).join(', ');
    const counts = [
      [this.scope.networks.length, 'network'],
      [this.scope.routers.length, 'router'],
      [this.scope.securityGroups.length, 'security group'],
      [this.scope.servers.reduce((n, s) => n + expandPlacement(s.placement).length, 0), 'server'],
      [this.scope.loadBalancers.length, 'load balancer'],
    ]
      .filter(([n]) => (n as number) > 0)
      .map(([n, w]) => `${n} ${w}${n === 1 ? '' : 's'}`);
    const self = this.paths.get(this.scope)!.replace(/^heat\//, '');
    const after = [...this.after].filter((a) => a !== self).sort();
    let description = `Topology ${this.model.name}, ${where}: ${counts.join(', ')}.`;
    if (after.length) description += ` Create after ${after.join(', ')}: this stack uses what they create.`;
    description += ` openstack stack create -t ${self.split('/').pop()} --parameter ${this.envParam}=<name> <stack>`;

    for (const p of this.model.params.values()) {
      const hp = this.params.get(p.name);
      if (hp && p.name !== this.envParam && !this.usedParams.has(p.name)) {
        hp.description += ` Its value is built into this template (counts, names): change it with topo generate --set ${p.name}=...`;
      }
    }
    const params = new YMap(
      [...this.params.values()].map((p) => ({
        key: p.name,
        value: ymap({
          type: p.type,
          description: p.description,
          default: p.default,
          hidden: p.hidden ? true : undefined,
          constraints: p.constraints?.length ? seq(...p.constraints) : undefined,
        }),
      })),
    );
    const doc: YEntry[] = [
      { key: 'heat_template_version', value: new YRaw(HEAT_TEMPLATE_VERSION) },
      { key: 'description', value: new YFolded(description), blankBefore: true },
    ];
    if (params.entries.length) doc.push({ key: 'parameters', value: params, blankBefore: true });
    doc.push({ key: 'resources', value: new YMap(this.resources), blankBefore: true, comments: this.topComments.length ? [...this.topComments.flatMap((c) => wrap(c, 96))] : undefined });
    if (this.outputs.length) doc.push({ key: 'outputs', value: new YMap(this.outputs.map((o, i) => ({ ...o, blankBefore: i > 0 }))), blankBefore: true });

    // Blank lines between resources, not before the first one.
    const resources = doc.find((d) => d.key === 'resources')!.value as YMap;
    if (resources.entries[0]) resources.entries[0].blankBefore = false;

    const sources = [...this.sources].sort();
    const text = renderYaml(new YMap(doc));
    return header('#', this.model, sources, options) + text.replace(/^\n+/, '');
  }
}
