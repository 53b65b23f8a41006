import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkTerraformFormat, validateTerraform, type TfFile } from './terraform.js';

const GOOD_NAMES = ['versions.tf', 'variables.tf', 'main.tf', 'outputs.tf'];
const good = (): TfFile[] =>
  GOOD_NAMES.map((name) => ({
    name,
    content: readFileSync(new URL(`../fixtures/terraform/good/${name}`, import.meta.url), 'utf8'),
  }));

/** The good module with `main.tf` edited (throws if the edit does not apply). */
function withMain(from: string, to: string): TfFile[] {
  return good().map((f) => {
    if (f.name !== 'main.tf') return f;
    if (!f.content.includes(from)) throw new Error(`edit: "${from}" not in main.tf`);
    return { ...f, content: f.content.replace(from, to) };
  });
}

describe('validateTerraform', () => {
  it('accepts a realistic OpenStack module (network, HA router, server group, instances, Octavia)', async () => {
    expect(await validateTerraform(good())).toEqual({ errors: [] });
  });

  it('rejects an unknown resource type', async () => {
    const files = [...good(), { name: 'extra.tf', content: 'resource "openstack_foo_v9" "x" {\n  name = "x"\n}\n' }];
    expect((await validateTerraform(files)).errors).toEqual([
      'extra.tf: resource "openstack_foo_v9" "x": unknown resource type "openstack_foo_v9"',
    ]);
  });

  it('rejects unknown arguments, unknown nested-block arguments and missing required ones', async () => {
    const r1 = await validateTerraform(
      withMain(
        '  enable_snat             = true\n',
        '  enable_snat             = true\n  ha                      = true\n',
      ),
    );
    expect(r1.errors).toEqual(['main.tf: resource "openstack_networking_router_v2" "router": unknown argument "ha"']);

    const r2 = await validateTerraform(withMain('    group = openstack_compute', '    groups = openstack_compute'));
    expect(r2.errors).toEqual([
      'main.tf: resource "openstack_compute_instance_v2" "master": scheduler_hints: unknown argument "groups" ' +
        '(known: group, different_host, same_host, query, target_cell, different_cell, build_near_host_ip, additional_properties)',
    ]);

    const r3 = await validateTerraform(withMain('  lb_method   = "ROUND_ROBIN"\n', ''));
    expect(r3.errors).toEqual([
      'main.tf: resource "openstack_lb_pool_v2" "api": missing required argument "lb_method"',
    ]);

    const r4 = await validateTerraform(
      withMain(
        '  scheduler_hints {\n    group = openstack_compute_servergroup_v2.masters.id\n  }',
        '  scheduler_hints = {\n    group = openstack_compute_servergroup_v2.masters.id\n  }',
      ),
    );
    expect(r4.errors).toEqual([
      'main.tf: resource "openstack_compute_instance_v2" "master": "scheduler_hints" is a block: write scheduler_hints { ... }, not scheduler_hints = { ... }',
    ]);
  });

  it('checks meta-arguments, dynamic blocks and references', async () => {
    const r1 = await validateTerraform(
      withMain(
        '  count         = length(var.zones)\n  pool_id',
        '  count         = length(var.zones)\n  for_each      = toset(var.zones)\n  pool_id',
      ),
    );
    expect(r1.errors).toEqual([
      'main.tf: resource "openstack_lb_member_v2" "api": "count" and "for_each" cannot both be set',
    ]);

    const r2 = await validateTerraform(
      withMain(
        '  network {\n    uuid = openstack_networking_network_v2.machines.id\n  }',
        '  dynamic "network" {\n    for_each = var.zones\n    content {\n      uuid = openstack_networking_network_v2.machines.id\n      zone = network.value\n    }\n  }',
      ),
    );
    expect(r2.errors).toEqual([
      'main.tf: resource "openstack_compute_instance_v2" "master": dynamic "network" content: unknown argument "zone" (known: uuid, name, port, fixed_ip_v4, access_network)',
    ]);

    const r3 = await validateTerraform(withMain('var.external_network_id', 'var.external_net'));
    expect(r3.errors).toEqual(['main.tf: reference to undeclared variable var.external_net']);

    const r4 = await validateTerraform(
      withMain('openstack_lb_pool_v2.api.id\n  type', 'openstack_lb_pool_v2.apii.id\n  type'),
    );
    expect(r4.errors).toEqual(['main.tf: reference to undeclared resource openstack_lb_pool_v2.apii']);
  });

  it('checks variable, output, terraform and provider blocks', async () => {
    const files = good().map((f) => {
      if (f.name === 'versions.tf') {
        return {
          ...f,
          content: f.content
            .replace('terraform-provider-openstack/openstack', 'hashicorp/openstack')
            .replace('  cloud = var.cloud\n', '  cloud  = var.cloud\n  region_name = "RegionOne"\n'),
        };
      }
      if (f.name === 'variables.tf')
        return { ...f, content: f.content.replace('type        = string', 'type        = "string"') };
      if (f.name === 'outputs.tf')
        return {
          ...f,
          content: f.content.replace(
            '  value = openstack_compute_instance_v2.master[*].access_ip_v4\n',
            '  sensitive = false\n',
          ),
        };
      return f;
    });
    expect((await validateTerraform(files)).errors).toEqual([
      'versions.tf: terraform.required_providers.openstack: source must be "terraform-provider-openstack/openstack", not "hashicorp/openstack"',
      'versions.tf: provider "openstack": unknown argument "region_name"',
      'variables.tf: variable "cloud": type must be a type constraint such as string or list(string), not "string"',
      'outputs.tf: output "master_addresses": missing required argument "value"',
    ]);
  });

  it('requires required_providers.openstack and reports HCL syntax errors', async () => {
    const noVersions = good().filter((f) => f.name !== 'versions.tf');
    const r1 = await validateTerraform([
      ...noVersions,
      { name: 'provider.tf', content: 'provider "openstack" {\n  cloud = var.cloud\n}\n' },
    ]);
    expect(r1.errors).toEqual([
      'terraform { required_providers { openstack = { source = "terraform-provider-openstack/openstack" ... } } } is missing',
    ]);
    const r2 = await validateTerraform([
      { name: 'broken.tf', content: 'resource "openstack_networking_network_v2" "n" {\n  name = \n}\n' },
    ]);
    expect(r2.errors).toHaveLength(1);
    expect(r2.errors[0]).toMatch(/^broken\.tf: HCL parse error: .*Invalid expression/);
  });
});

describe('checkTerraformFormat', () => {
  it('accepts files formatted as terraform fmt would', () => {
    for (const f of good()) expect(checkTerraformFormat(f.content), f.name).toEqual([]);
  });

  it('reports a misaligned "=" in a group of consecutive attributes', () => {
    const src =
      'resource "openstack_compute_servergroup_v2" "g" {\n  name = "g"\n  policies = ["soft-anti-affinity"]\n}\n';
    expect(checkTerraformFormat(src)).toEqual(['line 2: "=" not aligned: 1 space(s) before it, terraform fmt uses 5']);
  });

  it('aligns only within a group: blank lines, comment lines, blocks and multi-line values break it', () => {
    const src = [
      'resource "x" "y" {',
      '  a = 1',
      '',
      '  bbbb = 2',
      '  # comment-only line',
      '  cc = 3',
      '  list = [',
      '    "x",',
      '  ]',
      '  d = 4',
      '  nested {',
      '    eeeeee = 5',
      '  }',
      '}',
      '',
    ].join('\n');
    expect(checkTerraformFormat(src)).toEqual([]);
    // ...but alignment within one group is required, also inside object values
    const obj = 'locals {\n  tags = {\n    role = "master"\n    cluster = "c"\n  }\n}\n';
    expect(checkTerraformFormat(obj)).toEqual(['line 3: "=" not aligned: 1 space(s) before it, terraform fmt uses 4']);
  });

  it('reports indentation, spacing, trailing whitespace, tabs and the final newline', () => {
    const src = 'locals {\n   a = [ "x","y" ]\n  b = 1  \n\tc = 2\n}';
    expect(checkTerraformFormat(src)).toEqual([
      'line 2: indent 3, terraform fmt uses 2 (2 spaces per nesting level)',
      'line 2: 1 space(s) before "x", terraform fmt uses 0',
      'line 2: 0 space(s) before "y", terraform fmt uses 1',
      'line 2: 1 space(s) before ], terraform fmt uses 0',
      'line 3: trailing whitespace',
      'line 4: indent 1, terraform fmt uses 2 (2 spaces per nesting level)',
      'line 4: tab character (terraform fmt uses spaces)',
      'end of file: missing final newline',
    ]);
    expect(checkTerraformFormat('locals {\n  a = 1\n}\n\n')).toEqual([
      'end of file: blank line(s) at the end (end with exactly one newline)',
    ]);
  });

  it("aligns trailing comments and knows terraform fmt's own rewrites", () => {
    expect(checkTerraformFormat('locals {\n  a   = 1 # one\n  bbb = 2  # two\n}\n')).toEqual([
      'line 3: comment not aligned: 2 space(s) before it, terraform fmt uses 1',
    ]);
    expect(checkTerraformFormat('locals {\n  a = "${var.x}"\n  b = "${var.x}-api"\n}\n')).toEqual([
      'line 2: terraform fmt unwraps the interpolation-only string "${var.x}"',
    ]);
    expect(checkTerraformFormat('variable "v" {\n  type = "string"\n}\n')).toEqual([
      'line 2: terraform fmt rewrites variable type "string" (use string)',
    ]);
    expect(checkTerraformFormat('resource openstack_networking_network_v2 "n" {\n}\n')).toEqual([
      'line 1: terraform fmt quotes the block label openstack_networking_network_v2 ("openstack_networking_network_v2")',
    ]);
  });

  it('leaves heredoc content and template literals alone', () => {
    const src = [
      'resource "openstack_compute_instance_v2" "m" {',
      '  name      = "m"',
      '  user_data = <<-EOT',
      '    #cloud-config',
      '      hostname:   ${var.name}   ',
      '  EOT',
      '  key_pair  = "literal  with   spaces"',
      '}',
      '',
    ].join('\n');
    expect(checkTerraformFormat(src)).toEqual([]);
  });
});
