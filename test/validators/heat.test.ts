import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateHot, type HotFile } from './heat.js';

// Heat is a Debian package (python3-heat), not an npm dependency: `npm run setup` installs it.
// Without it these tests fail with the install hint; they are never skipped.

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/heat/${name}`, import.meta.url));
const HA = readFileSync(fixture('ha-stack.yaml'), 'utf8');

/** The valid HA template with one textual edit; throws if the edit does not apply. */
function edit(name: string, from: string, to: string): HotFile {
  if (!HA.includes(from)) throw new Error(`fixture edit ${name}: "${from}" not found`);
  return { name, content: HA.replace(from, to) };
}

describe('validateHot (Heat engine, offline)', () => {
  it('accepts the HA fixture: Net/Subnet/Router(ha)/SG/ServerGroup/Servers/Octavia, parameters, outputs', async () => {
    const [r] = await validateHot([fixture('ha-stack.yaml')]);
    expect(r).toMatchObject({ valid: true, error: null });
    // image has no default: a placeholder stands in for it (glance.image itself is stubbed)
    expect(r!.notes).toEqual(['placeholder values for parameters without default: image']);
  });

  it("rejects broken templates with Heat's own messages, many templates in one process", async () => {
    const cases: [HotFile, string | RegExp][] = [
      [
        edit(
          'unknown-property.yaml',
          '      name: prod-east-machines\n',
          '      name: prod-east-machines\n      colour: red\n',
        ),
        'Property error: resources.net.properties: Unknown Property colour',
      ],
      [
        edit('unknown-type.yaml', 'type: OS::Neutron::SecurityGroup', 'type: OS::Neutron::SecurityGroups'),
        'The Resource Type (OS::Neutron::SecurityGroups) could not be found.',
      ],
      [
        edit('bad-policy.yaml', 'policies: [soft-anti-affinity]', 'policies: [spread]'),
        'Property error: resources.masters_group.properties.policies: ["spread"] is not an allowed value ' +
          '["anti-affinity", "affinity", "soft-anti-affinity", "soft-affinity"]',
      ],
      [
        edit('missing-required.yaml', '      network: {get_resource: net}\n      cidr', '      cidr'),
        'Property error: resources.subnet.properties: Property network not assigned',
      ],
      [
        edit('nested-unknown-property.yaml', '          protocol: icmp', '          protocl: icmp'),
        'Property error: resources.api_sg.properties.rules[1]: Unknown Property protocl',
      ],
      [
        // Heat's OS::Octavia::HealthMonitor has no max_retries_down (fall stays Octavia's default 3)
        edit('monitor-fall.yaml', '      max_retries: 2\n', '      max_retries: 2\n      max_retries_down: 3\n'),
        'Property error: resources.api_monitor.properties: Unknown Property max_retries_down',
      ],
      [
        edit('bad-ref.yaml', 'router: {get_resource: router}', 'router: {get_resource: routr}'),
        'The specified reference "routr" (in router_interface.Properties.router) is incorrect.',
      ],
      [
        edit(
          'bad-attr.yaml',
          'value: {get_attr: [master0, first_address]}',
          'value: {get_attr: [master0, first_adress]}',
        ),
        'outputs.master0_address.value.get_attr: The Referenced Attribute (master0 first_adress) is incorrect.',
      ],
      [edit('bad-cidr.yaml', 'default: 10.0.0.0/16', 'default: 10.0.0.0/33'), /machine_cidr.*10\.0\.0\.0\/33/],
      [edit('bad-section.yaml', '\noutputs:', '\noutput:'), 'The template section is invalid: output'],
      [edit('bad-version.yaml', '2018-08-31', '2018-09-31'), /The template version is invalid/],
      // the plugins' own validate(): these need no cloud
      [
        edit('pool-without-listener.yaml', '      listener: {get_resource: api_listener}\n', ''),
        'resources.api_pool: At least one of the following properties must be specified: listener, loadbalancer.',
      ],
      [
        edit('ha-and-dvr.yaml', '      distributed: false', '      distributed: true'),
        'resources.router: Cannot define the following properties at the same time: distributed, ha.',
      ],
    ];
    const started = Date.now();
    const results = await validateHot(cases.map(([f]) => f));
    const elapsed = Date.now() - started;
    console.info(`heat: ${cases.length} templates validated in one process in ${elapsed} ms`);
    results.forEach((r, i) => {
      const [file, expected] = cases[i]!;
      expect(r.file).toBe(file.name);
      expect(r.valid, `${file.name} should be invalid`).toBe(false);
      if (typeof expected === 'string') expect(r.error).toBe(expected);
      else expect(r.error).toMatch(expected);
    });
  });

  it('validates nested templates: interface against the parent and the child on its own', async () => {
    const zone = readFileSync(fixture('zone.yaml'), 'utf8');
    const parent = readFileSync(fixture('parent.yaml'), 'utf8');
    const badChild = zone.replace('OS::Neutron::Port', 'OS::Neutron::Prot');
    const results = await validateHot([fixture('parent.yaml')]);
    expect(results[0]).toMatchObject({ valid: true, error: null });

    const inMemory = await validateHot(
      [
        { name: 'parent.yaml', content: parent },
        { name: 'parent-bad-prop.yaml', content: parent.replace('zone: az1', 'zone: az1\n      zonez: az2') },
        { name: 'parent-bad-child.yaml', content: parent.replace('type: zone.yaml', 'type: zone-bad.yaml') },
        { name: 'parent-no-child.yaml', content: parent.replace('type: zone.yaml', 'type: missing.yaml') },
      ],
      { files: { 'zone.yaml': zone, 'zone-bad.yaml': badChild } },
    );
    expect(inMemory.map((r) => [r.file, r.valid, r.error])).toEqual([
      ['parent.yaml', true, null],
      ['parent-bad-prop.yaml', false, 'Property error: resources.zone_a.properties: Unknown Property zonez'],
      [
        'parent-bad-child.yaml',
        false,
        'resources.zone_a<zone-bad.yaml>: The Resource Type (OS::Neutron::Prot) could not be found.',
      ],
      ['parent-no-child.yaml', false, 'nested template "missing.yaml" not found (give it in files)'],
    ]);
  });

  it('reports missing parameter values when placeholders are off, and takes given parameters', async () => {
    const [strict] = await validateHot([{ name: 'ha.yaml', content: HA }], { placeholderParams: false });
    expect(strict).toMatchObject({ valid: false, error: 'The Parameter (image) was not provided.' });
    const [given] = await validateHot([{ name: 'ha.yaml', content: HA }], {
      placeholderParams: false,
      parameters: { image: 'rhcos-4.16' },
    });
    expect(given).toMatchObject({ valid: true, error: null, notes: [] });
  });

  it('measures process cost: startup vs per template', async () => {
    const one = Date.now();
    await validateHot([{ name: 'ha.yaml', content: HA }]);
    const t1 = Date.now() - one;
    const many = Array.from({ length: 40 }, (_, i) => ({ name: `ha-${i}.yaml`, content: HA }));
    const start = Date.now();
    const results = await validateHot(many);
    const t40 = Date.now() - start;
    expect(results.every((r) => r.valid)).toBe(true);
    // Wall-clock, noisy on a loaded machine: on an idle 2-core box about 1.4 s and 2.4 s.
    console.info(`heat: one process, 1 template ${t1} ms; one process, 40 templates ${t40} ms`);
  });
});
