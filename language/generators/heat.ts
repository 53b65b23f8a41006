/**
 * HEAT generator: HOT templates (`heat_template_version: 2018-08-31`, rocky) for
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
 * - FWaaS v2 cannot be created by Heat (its OS::Neutron::Firewall* resources are FWaaS v1, which
 *   Neutron removed in Stein): a comment points at terraform/firewall.tf.
 *
 * What the resources are comes from the shared OpenStack mapping (openstack.ts); the modules under
 * heat/ add each kind of resource to a template (heat/template.ts), and hot.ts writes its YAML.
 *
 * Pure: model (+ options) → files; deterministic (model order, no timestamps).
 */
import type { TopoModel } from '../model/types.js';
import { addServers } from './heat/compute.js';
import { addLoadBalancer, addOtherLoadBalancer } from './heat/loadbalancers.js';
import { addNetwork } from './heat/networks.js';
import { topologyParams } from './heat/parameters.js';
import { addRouter } from './heat/routers.js';
import { addSecurityGroups } from './heat/security.js';
import { HotTemplate } from './heat/template.js';
import { renderYaml, seq, wrap, YFolded, ymap, YMap, YRaw, type YEntry } from './hot.js';
import {
  checkOpenStack,
  createsResources,
  expandPlacement,
  fileName,
  planOpenStack,
  reporter,
  type Scope,
} from './openstack.js';
import { header, type GeneratedFile, type GeneratorOptions } from './types.js';

export const HEAT_TEMPLATE_VERSION = '2018-08-31';

/** One template per scope (a project in a region) that creates anything; paths unique below heat/. */
export function generateHeat(model: TopoModel, options: GeneratorOptions = {}): GeneratedFile[] {
  const report = reporter('heat', options);
  const plan = planOpenStack(model, report, options);
  if (options.checkOnly) {
    checkOpenStack(model, plan, report);
    return [];
  }
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
    if (!createsResources(s)) continue;
    const tpl = new HotTemplate(model, plan, s, paths, report);
    files.push({ path: paths.get(s)!, content: renderTemplate(tpl, options), target: 'heat' });
  }
  return files;
}

/** Builds a template's parameters and resources, then writes it: header, description, parameters, resources, outputs. */
function renderTemplate(tpl: HotTemplate, options: GeneratorOptions): string {
  const scope = tpl.scope;
  topologyParams(tpl);
  for (const n of scope.networks) addNetwork(tpl, n);
  for (const r of scope.routers) addRouter(tpl, r);
  addSecurityGroups(tpl);
  for (const s of scope.servers) addServers(tpl, s);
  for (const lb of scope.loadBalancers) addLoadBalancer(tpl, lb);
  notCreatedHere(tpl);
  for (const lb of scope.otherLoadBalancers) addOtherLoadBalancer(tpl, lb);

  const description = stackDescription(tpl);
  const doc: YEntry[] = [
    { key: 'heat_template_version', value: new YRaw(HEAT_TEMPLATE_VERSION) },
    { key: 'description', value: new YFolded(description), blankBefore: true },
  ];
  const params = parameters(tpl);
  if (params.entries.length) doc.push({ key: 'parameters', value: params, blankBefore: true });
  doc.push({
    key: 'resources',
    value: new YMap(tpl.resources),
    blankBefore: true,
    comments: tpl.topComments.length ? [...tpl.topComments.flatMap((c) => wrap(c, 96))] : undefined,
  });
  if (tpl.outputs.length)
    doc.push({
      key: 'outputs',
      value: new YMap(tpl.outputs.map((o, i) => ({ ...o, blankBefore: i > 0 }))),
      blankBefore: true,
    });

  // Blank lines between resources, not before the first one.
  const resources = doc.find((d) => d.key === 'resources')!.value as YMap;
  if (resources.entries[0]) resources.entries[0].blankBefore = false;

  const sources = [...tpl.sources].sort();
  const text = renderYaml(new YMap(doc));
  return header('#', tpl.model, sources, options) + text.replace(/^\n+/, '');
}

/** Comments on what the stack's networks carry that Heat does not create: K5 connectors, clusters' machines. */
function notCreatedHere(tpl: HotTemplate): void {
  for (const c of tpl.model.connectors) {
    if (c.networks.some((n) => tpl.inScope(n))) {
      tpl.source(c);
      tpl.topComments.push(
        `connector ${c.name} (${c.networks.map((n) => n.name).join(' <-> ')}${c.bandwidth ? `, ${c.bandwidth}` : ''}): an inter-AZ connector is a K5 extension of Neutron, not a Heat resource; create it with K5's network connector API.`,
      );
    }
  }
  for (const c of tpl.scope.clusters) {
    tpl.topComments.push(
      `cluster ${c.name}: its machines are created by its installer${c.distribution === 'openshift' ? ` (openshift/${c.name}/install-config.yaml)` : ''}; this stack creates the networks it uses.`,
    );
  }
}

/** The stack's description: where, what it creates, which stacks to create first, and how to create it. */
function stackDescription(tpl: HotTemplate): string {
  const scope = tpl.scope;
  const where = [
    scope.project ? `project ${scope.project.name}` : 'the default project',
    scope.region ? `region ${scope.region.name}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  const counts = [
    [scope.networks.length, 'network'],
    [scope.routers.length, 'router'],
    [scope.securityGroups.length, 'security group'],
    [scope.servers.reduce((n, s) => n + expandPlacement(s.placement).length, 0), 'server'],
    [scope.loadBalancers.length, 'load balancer'],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, w]) => `${n} ${w}${n === 1 ? '' : 's'}`);
  const self = tpl.paths.get(scope)!.replace(/^heat\//, '');
  const after = [...tpl.after].filter((a) => a !== self).sort();
  let description = `Topology ${tpl.model.name}, ${where}: ${counts.join(', ')}.`;
  if (after.length) description += ` Create after ${after.join(', ')}: this stack uses what they create.`;
  description += ` openstack stack create -t ${self.split('/').pop()} --parameter ${tpl.envParam}=<name> <stack>`;
  return description;
}

/** The `parameters` section. A topology parameter that no resource reads was built into the template: its description says so. */
function parameters(tpl: HotTemplate): YMap {
  for (const p of tpl.model.params.values()) {
    const hp = tpl.params.get(p.name);
    if (hp && p.name !== tpl.envParam && !tpl.usedParams.has(p.name)) {
      hp.description += ` Its value is built into this template (counts, names): change it with topo generate --set ${p.name}=...`;
    }
  }
  return new YMap(
    [...tpl.params.values()].map((p) => ({
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
}
