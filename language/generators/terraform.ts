/**
 * Terraform generator: the same OpenStack infrastructure as the HEAT templates,
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
 *
 * What the resources are comes from the shared OpenStack mapping (openstack.ts); each file's
 * resources are written by the module of that name under terraform/ into one configuration
 * (terraform/config.ts); this module runs them in file order and writes the files.
 */
import type { TopoModel } from '../model/types.js';
import { attr, block, obj, renderBlocks, type Block } from './hcl.js';
import { checkOpenStack, createsResources, isOctavia, planOpenStack, reporter } from './openstack.js';
import { addServers } from './terraform/compute.js';
import { FILE_ORDER, TerraformConfig } from './terraform/config.js';
import { addFirewall } from './terraform/firewall.js';
import { addLoadBalancer, addVipPort } from './terraform/loadbalancers.js';
import { addNetwork } from './terraform/networks.js';
import { addRouter } from './terraform/routers.js';
import { addSecurityGroup } from './terraform/security.js';
import { topologyVariables, variableBlocks } from './terraform/variables.js';
import { header, type GeneratedFile, type GeneratorOptions } from './types.js';

export const OPENSTACK_PROVIDER_SOURCE = 'terraform-provider-openstack/openstack';
export const OPENSTACK_PROVIDER_VERSION = '~> 3.0';
export const TERRAFORM_REQUIRED_VERSION = '>= 1.5.0';

export function generateTerraform(model: TopoModel, options: GeneratorOptions = {}): GeneratedFile[] {
  const report = reporter('terraform', options);
  const plan = planOpenStack(model, report, options);
  if (options.checkOnly) {
    checkOpenStack(model, plan, report, (n) => plan.scopeOf.has(n));
    return [];
  }
  if (!plan.scopes.some(createsResources)) return [];
  const cfg = new TerraformConfig(model, plan, report);
  topologyVariables(cfg);
  for (const s of plan.scopes) for (const n of s.networks) addNetwork(cfg, n, s);
  for (const s of plan.scopes) for (const r of s.routers) addRouter(cfg, r, s);
  for (const s of plan.scopes) for (const g of s.securityGroups) addSecurityGroup(cfg, g, s);
  for (const s of plan.scopes) for (const x of s.servers) addServers(cfg, x, s);
  for (const s of plan.scopes) for (const lb of s.loadBalancers) if (isOctavia(lb)) addLoadBalancer(cfg, lb, s);
  for (const s of plan.scopes) for (const lb of s.otherLoadBalancers) addVipPort(cfg, lb, s);
  for (const s of plan.scopes) for (const r of s.routers) addFirewall(cfg, r, s);
  // Every scope with resources has its provider configuration (the default one first).
  for (const s of plan.scopes) cfg.provider(s);

  cfg.files.set('versions', { items: versionsBlocks(cfg), sources: new Set() });
  cfg.files.set('variables', { items: variableBlocks(cfg), sources: new Set() });
  cfg.files.set('outputs', { items: cfg.outputs, sources: new Set() });

  const out: GeneratedFile[] = [];
  for (const key of FILE_ORDER) {
    const f = cfg.files.get(key);
    if (!f?.items.length) continue;
    const sources = f.sources.size ? [...f.sources].sort() : model.files;
    const content = header('#', model, sources, options) + '\n' + renderBlocks(f.items);
    out.push({ path: `terraform/${key}.tf`, content, target: 'terraform' });
  }
  for (const f of cfg.extraFiles) out.push({ path: `terraform/${f.path}`, content: f.content, target: 'terraform' });
  return out;
}

/** versions.tf: the Terraform and provider versions, then the provider configurations (the default one first). */
function versionsBlocks(cfg: TerraformConfig): Block[] {
  const aliased = (b: Block): number => (b.body.some((x) => x.kind === 'attr' && x.name === 'alias') ? 1 : 0);
  return [
    block(
      'terraform',
      [],
      [
        attr('required_version', TERRAFORM_REQUIRED_VERSION),
        block(
          'required_providers',
          [],
          [
            attr(
              'openstack',
              obj([
                ['source', OPENSTACK_PROVIDER_SOURCE],
                ['version', OPENSTACK_PROVIDER_VERSION],
              ]),
            ),
          ],
        ),
      ],
    ),
    ...cfg.providers.sort((a, b) => aliased(a) - aliased(b)),
  ];
}
