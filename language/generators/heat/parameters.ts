/**
 * The template's parameters from the topology's: the environment's name, every `param`, and the
 * CIDRs computed from them (octet arithmetic over the parameter when it is aligned, else a
 * parameter of their own: HOT cannot compute CIDRs).
 */
import type { Network } from '../../model/types.js';
import { flowSeq, fn, getParam, ymap, YMap, type YValue } from '../hot.js';
import { alignedCidr, snake } from '../openstack.js';
import type { HotTemplate } from './template.js';

/** The environment's parameter and one parameter per topology `param` (CIDRs and addresses constrained). */
export function topologyParams(tpl: HotTemplate): void {
  if (!tpl.model.params.has(tpl.envParam)) {
    tpl.param({
      name: tpl.envParam,
      type: 'string',
      description: "The environment's name (resource tags).",
      default: tpl.model.name,
    });
  }
  for (const p of tpl.model.params.values()) {
    tpl.source(p);
    const constraints: YValue[] = [];
    if (p.type === 'cidr') constraints.push(ymap({ custom_constraint: 'net_cidr' }));
    if (p.type === 'ip') constraints.push(ymap({ custom_constraint: 'ip_addr' }));
    const isNumber = p.type === 'number' && Number.isFinite(Number(p.value));
    tpl.param({
      name: p.name,
      type: isNumber ? 'number' : 'string',
      description:
        p.name === tpl.envParam
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
export function cidrValue(tpl: HotTemplate, n: Network): { value: YValue; comments: string[] } | undefined {
  const e = n.cidrExpr;
  if (!e?.param) return n.cidr ? { value: n.cidr, comments: [] } : undefined;
  const p = tpl.model.params.get(e.param);
  if (!p || !n.cidr) return n.cidr ? { value: n.cidr, comments: [] } : undefined;
  tpl.usedParams.add(p.name);
  if (e.newbits === undefined || e.netnum === undefined) return { value: getParam(p.name), comments: [] };
  const what = `cidrsubnet($${p.name}, ${e.newbits}, ${e.netnum}): ${n.cidr} for ${p.name} = ${p.value}`;
  const aligned = alignedCidr(p.value, e.newbits, e.netnum);
  if (aligned) {
    // Pin the parameter's prefix length: the octet arithmetic below is right only for it.
    const param = tpl.params.get(p.name);
    if (param) {
      const octet = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
      const parts: string[] = [];
      for (let i = 0; i < 4; i++) parts.push(i < aligned.fromParam ? octet : '0');
      const pattern = `^${parts.join('\\.')}/${aligned.prefixLength}$`;
      const c = ymap({
        allowed_pattern: pattern,
        description: `a /${aligned.prefixLength} network address: the subnets below are computed octet by octet`,
      });
      const existing = (param.constraints ?? []).some(
        (x) => x instanceof YMap && x.entries.some((en) => en.key === 'allowed_pattern'),
      );
      if (!existing) param.constraints = [...(param.constraints ?? []), c];
    }
    const octets = Array.from({ length: aligned.fromParam }, (_, i) => `$octet${i + 1}`);
    return {
      value: fn(
        'str_replace',
        ymap({
          template: [...octets, ...aligned.rest].join('.'),
          params: new YMap(
            octets.map((o, i) => ({ key: o, value: fn('str_split', flowSeq('.', getParam(p.name), i)) })),
          ),
        }),
      ),
      comments: [what],
    };
  }
  const name = tpl.param({
    name: `${snake(n.name)}_cidr`,
    type: 'string',
    description: `CIDR of network ${n.name}: ${what.replace(/: .*/, '')} (HOT cannot compute CIDRs: change it together with ${p.name}).`,
    default: n.cidr,
    constraints: [ymap({ custom_constraint: 'net_cidr' })],
  });
  return { value: getParam(name), comments: [] };
}
