/**
 * One HOT template being built: a Heat stack of one scope (a project in a region). It holds the
 * parameters, resources and outputs the modules beside it (networks.ts, routers.ts, ...) add, and
 * gives every resource a unique name; heat.ts renders it.
 */
import type { Element, LoadBalancer, Network, Router, SecurityGroup, Servers, TopoModel } from '../../model/types.js';
import { flowSeq, YMap, type YEntry, type YValue } from '../hot.js';
import {
  environmentParam,
  scopeExternals,
  snake,
  withSuffix,
  type ExternalRef,
  type OpenStackPlan,
  type Report,
  type Scope,
} from '../openstack.js';

/** A parameter of the template. */
export interface HotParam {
  name: string;
  type: 'string' | 'number' | 'comma_delimited_list' | 'boolean';
  description: string;
  default?: string | number;
  hidden?: boolean;
  constraints?: YValue[];
}

export class HotTemplate {
  readonly params = new Map<string, HotParam>();
  readonly resources: YEntry[] = [];
  readonly outputs: YEntry[] = [];
  /** Comments above `resources`: what this stack does not create, and why. */
  readonly topComments: string[] = [];
  /** Documents the template comes from (its header names them). */
  readonly sources = new Set<string>();
  /** Stacks this one refers to (create them first). */
  readonly after = new Set<string>();
  readonly envParam: string;
  /** Topology parameters that this template's resources read. */
  readonly usedParams = new Set<string>();
  readonly externals: Map<string, ExternalRef>;
  private readonly taken = new Set<string>();
  private readonly ids = new Map<string, string>();

  constructor(
    readonly model: TopoModel,
    readonly plan: OpenStackPlan,
    readonly scope: Scope,
    readonly paths: Map<Scope, string>,
    readonly report: Report,
  ) {
    this.envParam = environmentParam(model) ?? 'environment';
    this.externals = scopeExternals([scope]);
  }

  // ------------------------------------------------------------------ names

  /** A unique resource name for (kind, element) in this template. */
  id(kind: string, name: string, suffix: string): string {
    const key = `${kind}:${name}`;
    const known = this.ids.get(key);
    if (known) return known;
    let id = suffix ? withSuffix(name, suffix) : snake(name);
    for (let n = 2; this.taken.has(id); n++) id = `${suffix ? withSuffix(name, suffix) : snake(name)}_${n}`;
    this.taken.add(id);
    this.ids.set(key, id);
    return id;
  }
  netId(n: Network): string {
    return this.id('net', n.name, 'net');
  }
  subnetId(n: Network): string {
    return this.id('subnet', n.name, 'subnet');
  }
  routerId(r: Router): string {
    return this.id('router', r.name, 'router');
  }
  sgId(g: SecurityGroup): string {
    return this.id('sg', g.name, 'sg');
  }
  serverId(s: Servers, i: number): string {
    return this.id('server', `${s.name}-${i}`, '');
  }
  lbId(lb: LoadBalancer): string {
    return this.id('lb', lb.name, 'lb');
  }

  // ------------------------------------------------------------------ plumbing

  /** Declares a parameter (the first declaration of a name wins); its name. */
  param(p: HotParam): string {
    if (!this.params.has(p.name)) this.params.set(p.name, p);
    return p.name;
  }

  /** Adds a resource (with its comments and depends_on) under `resources`. */
  addResource(
    id: string,
    type: string,
    properties: YMap,
    extra: { comments?: string[]; dependsOn?: string[] } = {},
  ): void {
    const body: YEntry[] = [{ key: 'type', value: type }];
    if (properties.entries.length) body.push({ key: 'properties', value: properties });
    if (extra.dependsOn?.length)
      body.push({
        key: 'depends_on',
        value: extra.dependsOn.length === 1 ? extra.dependsOn[0]! : flowSeq(...extra.dependsOn),
      });
    this.resources.push({ key: id, value: new YMap(body), comments: extra.comments, blankBefore: true });
  }

  /** Notes the document an element comes from. */
  source(el: { loc: { uri: string } }): void {
    if (el.loc.uri) this.sources.add(el.loc.uri);
  }

  /** Whether this template creates the element. */
  inScope(el: Element): boolean {
    return (
      this.plan.scopeOf.get(el) === this.scope ||
      (el.kind === 'securityGroup' && this.scope.securityGroups.includes(el as SecurityGroup))
    );
  }

  /** The template (path below heat/) that creates the element, when another one does. */
  otherStack(el: Element): string | undefined {
    const s = this.plan.scopeOf.get(el);
    const path = s && this.paths.get(s);
    return path?.replace(/^heat\//, '');
  }
}
