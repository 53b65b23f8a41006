/**
 * variables.tf: the topology's parameters as variables (CIDRs and addresses validated), the
 * environment's name, and the variables the resources declared (external networks, secrets ...).
 */
import { attr, attrs, block, expr, type Block, type BodyItem } from '../hcl.js';
import { environmentParam, snake } from '../openstack.js';
import type { TerraformConfig, Variable } from './config.js';

/** The environment's variable and one variable per topology parameter (CIDRs and addresses validated). */
export function topologyVariables(cfg: TerraformConfig): void {
  if (!cfg.model.params.has(environmentParam(cfg.model) ?? '')) {
    cfg.variable({
      name: cfg.envVar,
      type: 'string',
      description: "The environment's name (resource tags).",
      default: cfg.model.name,
    });
  }
  for (const p of cfg.model.params.values()) {
    const isNumber = p.type === 'number' && Number.isFinite(Number(p.value));
    const name = snake(p.name);
    cfg.variable({
      name: ['source', 'version', 'providers', 'count', 'for_each', 'lifecycle', 'depends_on', 'locals'].includes(name)
        ? `${name}_param`
        : name,
      type: isNumber ? 'number' : 'string',
      description:
        name === cfg.envVar
          ? `The environment's name (topology parameter ${p.name}).`
          : `Topology parameter ${p.name}${p.type === 'cidr' ? ' (CIDR)' : p.type === 'ip' ? ' (IPv4 address)' : ''}.`,
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

/**
 * The blocks of variables.tf. A parameter that no resource reads was built into the configuration
 * (counts, names): its description says so.
 */
export function variableBlocks(cfg: TerraformConfig): Block[] {
  for (const p of cfg.model.params.values()) {
    const v = cfg.variables.get(snake(p.name)) ?? cfg.variables.get(`${snake(p.name)}_param`);
    if (v && v.name !== cfg.envVar && !cfg.usedParams.has(p.name)) {
      v.description += ` Its value is built into this configuration (counts, names): change it with topo generate --set ${p.name}=...`;
    }
  }
  return [...cfg.variables.values()].map(variableBlock);
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
      block(
        'validation',
        [],
        [attr('condition', expr(v.validation.condition)), attr('error_message', v.validation.message)],
      ),
    );
  }
  return block('variable', [v.name], body);
}
