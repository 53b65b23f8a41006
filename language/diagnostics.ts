/**
 * Every diagnostic code a user can see besides the rules' (docs/rules.md): what the parser, the
 * linker and the model builder report, what keeps a topology from being generated, what only
 * `topo generate` can find (it depends on the machine), and what topo says about itself.
 * docs/diagnostics.md is generated from this list (`npm run docs`); a test fails when the code
 * emits a code that is not here.
 *
 * The generation checks (the `openshift/*`, `heat/*`, `terraform/*` ... codes that `topo validate`
 * reports while typing) are defined once, with their text, where they are checked: in the
 * generators (language/generators/preconditions.ts runs them while typing) and, for the traffic
 * targets, in language/model/traffic.ts. test/one-check-path.test.ts walks every one of them and
 * fails when a code is checked but not listed here, or listed but never checked.
 */
import type { SourceId } from './rules/sources.js';

export type Stage =
  /** Reported while typing and by `topo validate`; errors block generation. */
  | 'validate'
  /** Reported only by `topo generate` and generate-on-save: it depends on the machine (a secret file, an output folder). */
  | 'generate'
  /** A fault of topo itself: please report it. */
  | 'internal';

export interface DiagnosticCode {
  code: string;
  severity: 'error' | 'warning' | 'info' | 'error or warning';
  stage: Stage;
  /** When it is reported. */
  when: string;
  /** What to do about it. */
  fix: string;
  sources?: readonly SourceId[];
}

/** The codes of the parser, linker, model builder, configuration and topo itself. */
export const BASE_CODES: readonly DiagnosticCode[] = [
  {
    code: 'syntax/token',
    severity: 'error',
    stage: 'validate',
    when: 'A character sequence that is no token of the language (an unclosed string, a stray symbol).',
    fix: 'Correct the text at the place shown.',
  },
  {
    code: 'syntax/parse',
    severity: 'error',
    stage: 'validate',
    when: 'Tokens in an order the grammar does not accept (a missing brace, a property outside its block, an unknown keyword).',
    fix: 'Correct the text at the place shown; completion lists what may come there.',
  },
  {
    code: 'ref/unresolved',
    severity: 'error',
    stage: 'validate',
    when: 'A name that no declaration of the topology (any `.topo` file of the folder) declares: a zone, network, router, cluster ...',
    fix: 'Declare it, or correct the name (zones are `region.zone` outside their region).',
  },
  {
    code: 'model/duplicate',
    severity: 'error',
    stage: 'validate',
    when: 'Two declarations of one kind with one name in a topology, a parameter or secret declared twice, or a load balancer listening twice on one port.',
    fix: 'Rename or remove one.',
  },
  {
    code: 'model/range',
    severity: 'error',
    stage: 'validate',
    when: 'A number the grammar accepts but nothing can deploy: a port above 65535, a VLAN id outside 1–4094, an MTU outside 68–65535, more than 10,000 machines in a group, a size above 1 PiB, a duration above a year.',
    fix: 'Give a value in the range the message names.',
  },
  {
    code: 'model/placement',
    severity: 'error',
    stage: 'validate',
    when: 'Machine counts that contradict each other: `replicas` against per-zone counts or `perZone` × zones, or counts on some zones only.',
    fix: 'Make the counts agree, or give every zone a count (or none).',
  },
  {
    code: 'model/param',
    severity: 'error',
    stage: 'validate',
    when: 'A parameter used but not declared, declared without a value, or whose value is not what the place needs (a count).',
    fix: 'Declare it with `param name = value`, or pass `--set name=value`.',
  },
  {
    code: 'model/cidr',
    severity: 'error',
    stage: 'validate',
    when: '`cidrsubnet(...)` or `cidrhost(...)` that cannot be computed (too many new bits, a network number or host number that does not fit).',
    fix: 'Use numbers that fit the prefix, as the message says.',
  },
  {
    code: 'model/rtt',
    severity: 'error or warning',
    stage: 'validate',
    when: 'An `rtt` between a zone and a region (error), between a zone and itself, or declared twice (warnings: the first counts).',
    fix: 'Give two zones or two regions, once.',
  },
  {
    code: 'model/topology-name',
    severity: 'error',
    stage: 'validate',
    when: 'Files of one folder name different topologies (`topology` lines).',
    fix: 'One folder is one topology: use one name in every file.',
  },
  {
    code: 'config/invalid',
    severity: 'error',
    stage: 'validate',
    when: 'The nearest `topo.config.json` does not match its schema (schemas/topo.config.schema.json), or a threshold changes without a reason.',
    fix: 'Correct the file; the defaults apply until then.',
  },
  {
    code: 'internal/rule-failed',
    severity: 'info',
    stage: 'internal',
    when: 'A rule threw on this topology; the other rules ran.',
    fix: 'Please report it, with the topology if you can.',
  },
];

const IC = ['install-config'] as const;
const OS = ['openstack-resources'] as const;
const TR = ['health-checks'] as const;

/**
 * What keeps a generator from writing a topology's files, reported while typing and by
 * `topo validate` (errors): generation refuses exactly these, and a topology without them generates.
 */
export const GENERATION_CHECK_CODES: readonly DiagnosticCode[] = [
  {
    code: 'openshift/cluster-name',
    severity: 'error',
    stage: 'validate',
    when: 'An OpenShift cluster name that is not a DNS label (lower-case letters, digits and `-`, starting with a letter, at most 63 characters): it becomes metadata.name and api.<name>.<baseDomain>.',
    fix: 'Rename the cluster.',
    sources: IC,
  },
  {
    code: 'openshift/base-domain',
    severity: 'error',
    stage: 'validate',
    when: 'An OpenShift cluster without `baseDomain`, or with one that is not a DNS domain name.',
    fix: 'Add `baseDomain "example.com"`.',
    sources: IC,
  },
  {
    code: 'openshift/one-cloud',
    severity: 'error',
    stage: 'validate',
    when: 'An OpenShift cluster whose machines are in two regions: an install-config targets one OpenStack cloud.',
    fix: 'Keep a cluster within one region (one cluster per site).',
    sources: IC,
  },
  {
    code: 'openshift/platform',
    severity: 'error',
    stage: 'validate',
    when: 'An OpenShift cluster in a region whose provider is not OpenStack, or with its control plane on bare metal: topo writes install-config for OpenStack only.',
    fix: 'Use an OpenStack region, or leave this cluster out of generation (`topo generate --target ...`).',
    sources: IC,
  },
  {
    code: 'openshift/network-type',
    severity: 'error',
    stage: 'validate',
    when: '`networkType OpenShiftSDN` or `Kuryr` on OpenShift 4.15 or later, which cannot install them.',
    fix: 'Use OVNKubernetes.',
    sources: IC,
  },
  {
    code: 'openshift/machine-network',
    severity: 'error',
    stage: 'validate',
    when: "The control-plane network has no cidr, or `machineNetwork` differs from it (controlPlanePort's subnet must be the machine network).",
    fix: 'Give the network a cidr; remove `machineNetwork` or make it equal.',
    sources: IC,
  },
  {
    code: 'openshift/control-plane-networks',
    severity: 'error',
    stage: 'validate',
    when: 'An IPI control plane on several networks, a UPI control plane with a zone no network reaches, or per-zone networks with keepalived VIPs.',
    fix: 'One network for IPI; for per-zone networks install UPI with `loadBalancer external`.',
    sources: IC,
  },
  {
    code: 'openshift/control-plane',
    severity: 'error',
    stage: 'validate',
    when: 'A control plane of 0 replicas.',
    fix: 'Give it members (3).',
    sources: IC,
  },
  {
    code: 'openshift/flavor',
    severity: 'error',
    stage: 'validate',
    when: 'A control plane or worker pool without `flavor`: install-config and MachineSets need the Nova flavor.',
    fix: 'Add `flavor "m1.xlarge"` (control plane) or `flavor "m1.large"` (workers).',
    sources: IC,
  },
  {
    code: 'openshift/root-volume',
    severity: 'error',
    stage: 'validate',
    when: 'A root volume without a type, with a size that is not a whole number of GiB, or with several types that are not one per zone.',
    fix: 'Write `rootVolume 100GiB type "ssd"` (or one type per zone).',
    sources: IC,
  },
  {
    code: 'openshift/uneven-zones',
    severity: 'error',
    stage: 'validate',
    when: 'Per-zone counts that differ by more than one in a pool install-config carries: the installer spreads round-robin.',
    fix: 'Use counts that differ by at most one, or put the workers on their own networks (day-2 MachineSets).',
    sources: IC,
  },
  {
    code: 'openshift/worker-network',
    severity: 'error',
    stage: 'validate',
    when: 'A day-2 worker pool with a zone none of its networks reaches.',
    fix: "Add that zone's network to `networks`.",
    sources: IC,
  },
  {
    code: 'openshift/machineset-name',
    severity: 'error',
    stage: 'validate',
    when: 'A MachineSet name that can exceed 63 characters, or two pools that give one MachineSet name.',
    fix: 'Shorten or rename the pool or zone.',
    sources: IC,
  },
  {
    code: 'openshift/host-prefix',
    severity: 'error',
    stage: 'validate',
    when: "`hostPrefix` not longer than the pod network's prefix (or above 32).",
    fix: "Give a hostPrefix between the pod network's prefix and 32 (23 by default).",
    sources: IC,
  },
  {
    code: 'openshift/network-address',
    severity: 'error',
    stage: 'validate',
    when: 'A pod, service or machine network that is not an IPv4 CIDR or not a network address (`10.0.0.5/24`).',
    fix: 'Write the network address the message gives.',
    sources: IC,
  },
  {
    code: 'openshift/network-overlap',
    severity: 'error',
    stage: 'validate',
    when: 'Pod, service and machine networks that overlap.',
    fix: 'Give disjoint networks.',
    sources: IC,
  },
  {
    code: 'openshift/vips',
    severity: 'error',
    stage: 'validate',
    when: 'API and ingress VIPs that are equal (without a user-managed load balancer), outside the control-plane machine network, more than one IPv4 address each, or missing with `loadBalancer external`.',
    fix: "Two different addresses on the machine network (or the load balancer's).",
    sources: IC,
  },
  {
    code: 'openshift/user-managed-lb',
    severity: 'error',
    stage: 'validate',
    when: '`loadBalancer external` on a cluster without a control-plane network of its own.',
    fix: 'Give the control plane a `network`.',
    sources: IC,
  },
  {
    code: 'openshift/floating-ips',
    severity: 'error',
    stage: 'validate',
    when: 'More than one floating IP for the API or ingress, or floating IPs without `externalNetwork`.',
    fix: 'One floating IP each, and `externalNetwork "public"`.',
    sources: IC,
  },
  {
    code: 'openshift/secret-missing',
    severity: 'error',
    stage: 'validate',
    when: "An OpenShift cluster without `pullSecret` (install-config requires one). A literal pull secret or SSH key is security/inline-secret's error.",
    fix: 'Add `pullSecret file "~/.pull-secret.json"` or `pullSecret env PULL_SECRET`.',
    sources: ['install-config', 'secrets'],
  },
  {
    code: 'heat/lb-network',
    severity: 'error',
    stage: 'validate',
    when: 'A load balancer whose VIP has no network, or whose VIP network has no cidr (an Octavia VIP is a port on a subnet).',
    fix: 'Give the load balancer a `network` with a cidr.',
    sources: OS,
  },
  {
    code: 'terraform/lb-network',
    severity: 'error',
    stage: 'validate',
    when: 'As heat/lb-network, for the Terraform target.',
    fix: 'Give the load balancer a `network` with a cidr.',
    sources: OS,
  },
  {
    code: 'powerdns/url',
    severity: 'error or warning',
    stage: 'validate',
    when: 'An app behind a PowerDNS GSLB without a url (warning: no wide IP yet), or whose url names no DNS host (error).',
    fix: 'Give the app `url "shop.example.com"`.',
    sources: TR,
  },
  {
    code: 'powerdns/backends',
    severity: 'warning',
    stage: 'validate',
    when: 'A PowerDNS GSLB without backends: no wide IP is generated yet.',
    fix: 'Add `backends <loadBalancer> ...`.',
    sources: TR,
  },
  {
    code: 'powerdns/backend-vip',
    severity: 'error',
    stage: 'validate',
    when: 'A backend load balancer of a PowerDNS GSLB without a VIP: the LUA record answers with the VIPs.',
    fix: 'Add `vip <address>` to the load balancer.',
    sources: TR,
  },
  {
    code: 'powerdns/health-path',
    severity: 'error',
    stage: 'validate',
    when: 'A health-check path that is not a URL path.',
    fix: 'Start it with `/`, without spaces, quotes or backslashes.',
    sources: TR,
  },
  {
    code: 'powerdns/listener',
    severity: 'error',
    stage: 'validate',
    when: 'GSLB backends without a listener: ifurlup/ifportup have nothing to check.',
    fix: 'Add `listen https 443` (or http/tcp) to the backends.',
    sources: TR,
  },
  {
    code: 'powerdns/failover-check',
    severity: 'error',
    stage: 'validate',
    when: 'A failover GSLB whose backends are checked by TCP port only: PowerDNS fails over in order only with URL checks.',
    fix: 'Give the backends an http or https listener and a health path.',
    sources: TR,
  },
  {
    code: 'k8gb/url',
    severity: 'error or warning',
    stage: 'validate',
    when: 'As powerdns/url, for k8gb.',
    fix: 'Give the app `url "shop.example.com"`.',
    sources: TR,
  },
  {
    code: 'k8gb/health-path',
    severity: 'error',
    stage: 'validate',
    when: 'As powerdns/health-path, for k8gb.',
    fix: 'Start it with `/`, without spaces, quotes or backslashes.',
    sources: TR,
  },
  {
    code: 'k8gb/geo-tag',
    severity: 'error',
    stage: 'validate',
    when: 'A failover k8gb GSLB whose first backend is in no region: k8gb needs that site as primaryGeoTag.',
    fix: 'Give the load balancer its zones.',
    sources: TR,
  },
  {
    code: 'haproxy/tls',
    severity: 'error',
    stage: 'validate',
    when: 'An HAProxy load balancer asked to terminate TLS, which needs a certificate topo does not have.',
    fix: 'Pass TLS through (`listen tcp 443`), or terminate it elsewhere.',
    sources: TR,
  },
  {
    code: 'haproxy/port-clash',
    severity: 'error',
    stage: 'validate',
    when: 'Two HAProxy load balancers on one VM group listening on one port.',
    fix: 'Give them different ports or VM groups.',
    sources: TR,
  },
  {
    code: 'haproxy/backend-addresses',
    severity: 'error',
    stage: 'validate',
    when: 'An HAProxy load balancer whose members have no fixed addresses to send traffic to.',
    fix: 'Give the member machines `addresses`.',
    sources: TR,
  },
  {
    code: 'haproxy/vrid',
    severity: 'error',
    stage: 'validate',
    when: 'No free VRRP virtual router id left on the segment for the keepalived of an HAProxy load balancer.',
    fix: 'Move the load balancer to another segment.',
    sources: ['keepalived-vrrp-ids'],
  },
  {
    code: 'apps/name',
    severity: 'error',
    stage: 'validate',
    when: 'An app on clusters whose name is no Kubernetes name: it names the namespace, the Deployment, the Service and the Route in every cluster.',
    fix: 'Rename the app: lower-case letters, digits and `-`, starting with a letter, at most 63 characters.',
    sources: ['kubernetes-names'],
  },
  {
    code: 'apps/url',
    severity: 'error',
    stage: 'validate',
    when: 'An app on clusters whose url names no host a Route or an Ingress can carry (a user or port part, no DNS name, a space in the path).',
    fix: 'Give the host name clients use, e.g. `url "shop.example.com"`.',
    sources: ['kubernetes-names'],
  },
  {
    code: 'apps/url-conflict',
    severity: 'error',
    stage: 'validate',
    when: 'Two apps claiming one host on one cluster: the router admits only the older route, so one app would not be reached.',
    fix: 'Give each app its own host.',
    sources: ['kubernetes-names'],
  },
  {
    code: 'apps/hpa-max',
    severity: 'error',
    stage: 'validate',
    when: 'An app with an `hpa` without `max`: a HorizontalPodAutoscaler needs its upper bound.',
    fix: "Add `max N` (the whole app's, divided between its clusters).",
    sources: ['kubernetes-names', 'federation-split'],
  },
  {
    code: 'apps/secret-name',
    severity: 'error',
    stage: 'validate',
    when: 'A secret an app uses whose name no Kubernetes Secret can have.',
    fix: 'Rename the secret: lower-case letters, digits, `-` and `.`.',
    sources: ['kubernetes-names'],
  },
  {
    code: 'model/addresses',
    severity: 'error',
    stage: 'validate',
    when: 'A VM group with fixed addresses whose count is not its number of machines.',
    fix: 'Give one address per machine.',
    sources: TR,
  },
];

/** The generation codes that depend on the machine or on topo itself: `topo generate` reports them, validation cannot. */
export const GENERATION_CODES: readonly DiagnosticCode[] = [
  {
    code: 'openshift/secret-unresolved',
    severity: 'error',
    stage: 'generate',
    when: 'The pull secret or SSH key cannot be read: its file does not exist, is empty or unreadable, or its environment variable is not set.',
    fix: 'Create the file or set the variable where `topo generate` runs (the editor never reads it).',
    sources: ['secrets'],
  },
  {
    code: 'openshift/secret-format',
    severity: 'error',
    stage: 'generate',
    when: 'The pull secret is not JSON with "auths", or the SSH key file holds a private key or no public key.',
    fix: 'Point at the pull secret from console.redhat.com, or at the `.pub` file.',
    sources: ['secrets'],
  },
  {
    code: '<target>/internal',
    severity: 'error',
    stage: 'internal',
    when: 'A generator failed, produced a file outside its folder, or two files with one path.',
    fix: 'Please report it; the other targets were generated.',
  },
  {
    code: '<target>/unavailable',
    severity: 'error',
    stage: 'internal',
    when: 'A target asked for has no generator in this build.',
    fix: 'Use a build that has it.',
  },
];

/** Every code this list documents, in the order docs/diagnostics.md shows them. */
export function allDiagnosticCodes(): DiagnosticCode[] {
  return [...BASE_CODES, ...GENERATION_CHECK_CODES, ...GENERATION_CODES];
}

const STAGES: Record<Stage, string> = {
  validate: 'While typing and in `topo validate` (an error blocks generation)',
  generate: 'Only in `topo generate` and generate-on-save (it depends on the machine)',
  internal: 'A fault of topo (please report it)',
};

/** GitHub's heading anchor for a code: `model/duplicate` → `modelduplicate`. */
function anchor(code: string): string {
  return code
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}

/** docs/diagnostics.md, generated from this list (`topo rules --markdown diagnostics`). */
export function renderDiagnosticDocs(codes: readonly DiagnosticCode[] = allDiagnosticCodes()): string {
  const out: string[] = [
    '# topo diagnostics',
    '',
    '<!-- Generated from language/diagnostics.ts and the generation checks by `npm run docs`; do not edit. -->',
    '',
    "Every diagnostic code topo reports besides the HA rules ([rules.md](rules.md)): the parser's and",
    "the linker's, the model's, what keeps a topology from being generated, and what only `topo generate`",
    'can find. A topology that `topo validate` reports without an error generates: every check a',
    'generator makes on the topology is reported while typing; only what depends on the machine (a',
    'secret file or variable, the output folder) waits for `topo generate`. The facts behind the checks',
    'are in [sources.md](sources.md).',
    '',
  ];
  for (const stage of Object.keys(STAGES) as Stage[]) {
    const list = codes.filter((c) => c.stage === stage);
    if (!list.length) continue;
    out.push(`## ${STAGES[stage]}`, '', '| code | severity | when |', '|---|---|---|');
    for (const c of list)
      out.push(`| [${c.code}](#${anchor(c.code)}) | ${c.severity} | ${c.when.replace(/\|/g, '\\|')} |`);
    out.push('');
  }
  for (const c of codes) {
    out.push(
      `### ${c.code}`,
      '',
      `**${c.severity}** — ${STAGES[c.stage].toLowerCase()}.`,
      '',
      c.when,
      '',
      `**Fix.** ${c.fix}`,
      '',
    );
    if (c.sources?.length) out.push(`**Sources.** ${c.sources.map((s) => `[${s}](sources.md#${s})`).join(', ')}`, '');
  }
  return out.join('\n');
}
