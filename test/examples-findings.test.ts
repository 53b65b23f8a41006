/**
 * The examples show the rules working (issue 3, item 9): each seed architecture under examples/
 * reports exactly the risks its seed names for that design, nothing else, and each example with
 * findings has a corrected variant (`<example>/corrected/`) with no error and no warning.
 *
 * The table below is the record: per topology folder, every diagnostic `topo validate` prints for
 * it (rule id, severity, file:line), the element its message must name, the text of the line it
 * points at, and the seed's own words for the risk. A change to an example that adds, removes or
 * moves a finding fails here until the table says so.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, load, topologyFiles, topologyFolders } from './support/index.js';

interface Expected {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  /** `file:line`, 1-based, as `topo validate` prints it. */
  at: string;
  /** Text of the line the diagnostic points at. */
  line: string;
  /** Element names (and figures) the message must contain. */
  names: string[];
  /** The seed's words for this risk (or why a finding is there without them). */
  seed: string;
}

interface Example {
  seed: string;
  findings: Expected[];
}

const SEVERITY = ['', 'error', 'warning', 'info', 'hint'] as const;

const EXPECTED: Record<string, Example> = {
  // Seed 000 names no risk of its own design. The anti-pattern it warns against ("link this subnet
  // directly to the internet via another virtual router breaking the model") is not in it.
  'k5-landing-zone': { seed: '000', findings: [] },

  // Seed 001 names no risk of its own design. Two informational findings (private nodes behind
  // SNAT, Calico inside the tenant overlay) are the seed's own choices and are acknowledged in
  // platform.topo with `topo-ignore` and the seed's reason.
  'api-integration-platform': { seed: '001', findings: [] },

  // Seed 002 names no risk of its own design ("the services will continue to function - albeit in a
  // degraded state"). Its anti-pattern, "Openstack hosted on Openstack", is not in it.
  'openstack-ha-management': { seed: '002', findings: [] },

  'stretched-ocp-ipi-rpn': {
    seed: '003 #1',
    findings: [
      {
        rule: 'l2/shared-segment',
        severity: 'warning',
        at: 'stretched-ocp-ipi-rpn.topo:38',
        line: 'network ocp-stretch {',
        names: ['ocp-stretch', 'ocp-qa', 'ocp-uat', 'VRRP'],
        seed: 'Stretched network can be done one-per-cluster or combined as desired; For multiple clusters a potential need for additional stretched L2 due to VRRP collision',
      },
      {
        rule: 'l2/gateway-spof',
        severity: 'error',
        at: 'stretched-ocp-ipi-rpn.topo:44',
        line: 'gateway campus-core',
        names: [
          'ocp-stretch',
          'campus-core',
          'osp-east.az1',
          'the control plane of ocp-qa',
          'the control plane of ocp-uat',
        ],
        seed: "Openshift control plane availability dependant on high availability of the stretched network's gateways",
      },
      {
        rule: 'l2/vrrp-collision',
        severity: 'error',
        at: 'stretched-ocp-ipi-rpn.topo:141',
        line: 'cluster ocp-uat {',
        names: ['ocp-qa (api 7, ingress 118)', 'ocp-uat (api 7, ingress 118)', 'ocp-stretch'],
        seed: 'For multiple clusters a potential need for additional stretched L2 due to VRRP collision',
      },
    ],
  },
  'stretched-ocp-ipi-rpn/corrected': { seed: '003 #1', findings: [] },

  'stretched-ocp-ipi-overlay': {
    seed: '003 #2',
    findings: [
      {
        rule: 'net/double-encapsulation',
        severity: 'info',
        at: 'stretched-ocp-ipi-overlay.topo:63',
        line: 'networkType OVNKubernetes',
        names: ['ocp-east', 'OVNKubernetes', 'ocp-machines', 'pods get 1342'],
        seed: 'Performance can be affected by double encapsulation',
      },
      {
        rule: 'net/overlay-snat',
        severity: 'info',
        at: 'stretched-ocp-ipi-overlay.topo:77',
        line: 'network ocp-machines',
        names: ['the workers of ocp-east', '6 machines', 'ocp-machines', 'ocp-router'],
        seed: 'SNAT for workers without a Floating IP; No external access to most workers',
      },
    ],
  },
  // Workers on floating IPs; the double encapsulation is inherent to an overlay design (see the file).
  'stretched-ocp-ipi-overlay/corrected': {
    seed: '003 #2',
    findings: [
      {
        rule: 'net/double-encapsulation',
        severity: 'info',
        at: 'stretched-ocp-ipi-overlay.topo:64',
        line: 'networkType OVNKubernetes',
        names: ['ocp-east', 'ocp-machines'],
        seed: 'Performance can be affected by double encapsulation (inherent to Architecture #2: nodes on a Neutron overlay)',
      },
    ],
  },

  // Seed 003's cons for Architecture #3 are operational only (lifecycle overhead, manual load
  // balancing, no automated cluster creation): no rule checks them.
  'stretched-ocp-upi-external-lb': { seed: '003 #3', findings: [] },

  'stretched-ocp-overlay-haproxy': {
    seed: '003 #4',
    findings: [
      {
        rule: 'net/double-encapsulation',
        severity: 'info',
        at: 'stretched-ocp-overlay-haproxy.topo:114',
        line: 'networkType OVNKubernetes',
        names: ['ocp-lb4', 'OVNKubernetes', 'ocp-machines'],
        seed: 'Named by the seed for Architecture #2 ("Performance can be affected by double encapsulation"); #4 puts its nodes on the same kind of overlay',
      },
      {
        rule: 'net/overlay-snat',
        severity: 'info',
        at: 'stretched-ocp-overlay-haproxy.topo:129',
        line: 'network ocp-machines',
        names: ['the workers of ocp-lb4', '6 machines', 'ocp-machines', 'ocp-dvr'],
        seed: 'Worker nodes use SNAT; No external access to OCP nodes',
      },
    ],
  },
  'stretched-ocp-overlay-haproxy/corrected': {
    seed: '003 #4',
    findings: [
      {
        rule: 'net/double-encapsulation',
        severity: 'info',
        at: 'stretched-ocp-overlay-haproxy.topo:111',
        line: 'networkType OVNKubernetes',
        names: ['ocp-lb4', 'ocp-machines'],
        seed: 'Inherent to Architecture #4: nodes on a Neutron overlay',
      },
    ],
  },

  'two-dc-gtm-ltm': {
    seed: '004',
    findings: [
      {
        rule: 'gslb/readiness-mismatch',
        severity: 'warning',
        at: 'apps.topo:56',
        line: 'readiness "/api/ready"',
        names: ['orders', '"/api/ready"', '"/api/health"'],
        seed: "The pods' readiness check should use the same endpoint that is used by the GTM",
      },
      {
        rule: 'storage/no-dr',
        severity: 'error',
        at: 'apps.topo:86',
        line: 'pattern none',
        names: ['ledger-db', 'ledger', 'no backup', 'dc-fra'],
        seed: 'If the datacenter in which the storage resides is lost in a disaster, then the application becomes unavailable. For this reason, we need a Disaster Recovery (DR) process',
      },
      {
        rule: 'storage/no-dr',
        severity: 'error',
        at: 'apps.topo:113',
        line: 'backup dc-fra every 4h',
        names: ['customers-central', 'partitioned', 'site dc-fra'],
        seed: 'In case of a disaster, we are in a similar situation as we are for the No Replication scenario',
      },
      {
        rule: 'storage/no-dr',
        severity: 'error',
        at: 'apps.topo:121',
        line: 'backup dc-mad every 4h',
        names: ['customers-south', 'partitioned', 'site dc-mad'],
        seed: 'In case of a disaster, we are in a similar situation as we are for the No Replication scenario',
      },
      {
        rule: 'gslb/single-check',
        severity: 'warning',
        at: 'traffic.topo:89',
        line: 'health "/healthz" every 10s',
        names: ['gslb gtm', '"/healthz"', '1 failed check', 'PowerDNS'],
        seed: 'The health checks should check more than one time before declaring a backend unavailable',
      },
    ],
  },
  'two-dc-gtm-ltm/corrected': { seed: '004', findings: [] },
};

const folders = topologyFolders();

describe("examples report exactly their seed's risks", () => {
  it('the table covers every topology folder under examples/, and nothing else', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(folders);
  });

  it('every example with findings has a corrected variant', () => {
    const withFindings = Object.entries(EXPECTED)
      .filter(([name, e]) => !name.includes('/') && e.findings.length)
      .map(([name]) => name);
    expect(withFindings.length).toBeGreaterThan(0);
    for (const name of withFindings) expect(folders, `${name}/corrected`).toContain(`${name}/corrected`);
  });

  for (const [folder, example] of Object.entries(EXPECTED)) {
    const kind = folder.endsWith('/corrected') ? 'corrected variant' : 'example';
    it(`${folder} (seed ${example.seed} ${kind}): ${example.findings.length ? example.findings.map((f) => f.rule).join(', ') : 'no findings'}`, async () => {
      const { diagnostics } = await load(topologyFiles(folder));
      const prefix = `/examples/${folder}/`;
      const actual = diagnostics.map((d) => ({
        key: `${SEVERITY[d.severity ?? 1]} ${String(d.code)} ${d.file.startsWith(prefix) ? d.file.slice(prefix.length) : d.file}:${d.range.start.line + 1}`,
        message: d.message,
      }));
      const key = (e: Expected) => `${e.severity} ${e.rule} ${e.at}`;

      // The exact set: nothing missing, nothing spurious (rule findings, model problems, syntax).
      expect(actual.map((a) => a.key).sort(), actual.map((a) => `${a.key} ${a.message}`).join('\n')).toEqual(
        example.findings.map(key).sort(),
      );

      for (const e of example.findings) {
        const message = actual.find((a) => a.key === key(e))!.message;
        for (const name of e.names) expect(message, `${key(e)}: names ${name}`).toContain(name);
        const [file, line] = e.at.split(':') as [string, string];
        const text = readFileSync(join(EXAMPLES, folder, file), 'utf8').split('\n')[Number(line) - 1] ?? '';
        expect(text, `${e.at} is the line of`).toContain(e.line);
      }

      if (kind === 'corrected variant') {
        expect(
          diagnostics.filter((d) => d.severity === 1 || d.severity === 2),
          'errors and warnings',
        ).toEqual([]);
      }
    });
  }
});
