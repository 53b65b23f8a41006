/**
 * HAProxy generator: the configuration of every VM group that runs HAProxy load balancers
 * (`loadBalancer … provider haproxy via <servers>`, seed 003 Architecture #4), for review and for
 * the validators, and as the cloud-init user_data that the HEAT and Terraform generators put on
 * those VMs so that the stack boots working load balancers:
 *
 *   haproxy/<servers>/haproxy.cfg                    the same on every VM of the group
 *   haproxy/<servers>/<vm>/keepalived.conf           per VM (its priority, its unicast peers)
 *   haproxy/<servers>/<vm>/cloud-init.yaml           the VM's user_data: both files, packages, start
 *
 * haproxy.cfg (HAProxy 2.6 configuration manual, doc/configuration.txt): one frontend and one
 * backend per listener of each load balancer, bound to the load balancer's VIP (`ip_nonlocal_bind`
 * lets the VMs that do not hold the VIP start too); TCP passthrough for everything but `http`
 * listeners. Backend servers are the fixed addresses the topology gives the members (controlPlane,
 * workers or servers `addresses`). For an OpenShift cluster, as OpenShift's documentation for a
 * user-managed load balancer says ("Services for a user-managed load balancer"): the API (6443,
 * HTTPS GET /readyz) and machine config server (22623, HTTPS GET /healthz) on the control plane,
 * ingress (80, 443 and any other port) on the nodes that run routers (the workers) with the
 * router's health check (HTTP GET /healthz/ready on port 1936). Checks run every `every`, a server
 * is down after `fall` failures and up after `rise` successes (HAProxy's defaults 2 s, 3, 2).
 *
 * keepalived.conf (keepalived 2.2 man page keepalived.conf(5)): one VRRP instance per load balancer,
 * holding its VIP with the virtual router id the model chose for its segment (`model/keepalived.ts`),
 * unicast to the group's fixed addresses when it has them, else multicast; the instance follows the
 * haproxy process (`vrrp_track_process`). Each load balancer prefers another VM as master, so the
 * VIPs of a group spread over its VMs. The interface is `eth<i>` for the group's i-th network, as
 * RHEL and CentOS cloud images name NICs.
 */
import type { KeepalivedInstance, LoadBalancer, Servers, TopoModel } from '../model/types.js';
import { planHaproxy, type HaproxyCheck, type HaproxyPlan, type HaproxyService } from '../model/traffic.js';
import { parseCidr } from '../model/cidr.js';
import { toYaml } from './yaml.js';
import { header, reportProblem, type GeneratedFile, type GeneratorOptions } from './types.js';

/** HAProxy's check defaults (configuration.txt, 5.2 "inter", "fall", "rise"). */
export const HAPROXY_DEFAULTS = { intervalMs: 2000, fall: 3, rise: 2 } as const;

const BALANCE: Record<string, string> = {
  'round-robin': 'roundrobin',
  'least-connections': 'leastconn',
  'source-ip': 'source',
};

/** A VM of a group, named as the HEAT and Terraform generators name it. */
export function vmName(servers: Pick<Servers, 'name'>, index: number): string {
  return `${servers.name}-${index}`;
}

/** HAProxy time: `2s`, `500ms`. */
function time(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

function section(name: string, lines: string[]): string {
  return [name, ...lines.map((l) => `    ${l}`)].join('\n');
}

function checkLines(check: HaproxyCheck): string[] {
  if (check.kind === 'tcp') return [];
  return ['option httpchk', `http-check send meth GET uri ${check.path}`, 'http-check expect status 200'];
}

function serverOptions(service: HaproxyService): string {
  const h = service.lb.health;
  const timing = `inter ${time(h?.intervalMs ?? HAPROXY_DEFAULTS.intervalMs)} fall ${h?.fall ?? HAPROXY_DEFAULTS.fall} rise ${h?.rise ?? HAPROXY_DEFAULTS.rise}`;
  const c = service.check;
  const extra = c.kind === 'http' ? `${c.tls ? ' check-ssl verify none' : ''}${c.port ? ` port ${c.port}` : ''}` : '';
  return `check${extra} ${timing}`;
}

/** `ocp-api-lb-6443`: the frontend and backend of one listener. */
export function serviceName(lb: Pick<LoadBalancer, 'name'>, port: number): string {
  return `${lb.name}-${port}`;
}

function checkText(service: HaproxyService): string {
  const c = service.check;
  const h = service.lb.health;
  const when = `every ${time(h?.intervalMs ?? HAPROXY_DEFAULTS.intervalMs)}, down after ${h?.fall ?? HAPROXY_DEFAULTS.fall} failures, up after ${h?.rise ?? HAPROXY_DEFAULTS.rise}`;
  if (c.kind === 'tcp') return `TCP connect, ${when}`;
  return `${c.tls ? 'HTTPS' : 'HTTP'} GET ${c.path}${c.port ? ` on port ${c.port}` : ''}, ${when}`;
}

export function haproxyCfg(model: TopoModel, plan: HaproxyPlan, options: GeneratorOptions = {}): string {
  const sources = [
    plan.servers.loc.uri,
    ...plan.loadBalancers.flatMap(({ lb }) => [lb.loc.uri, ...lb.members.map((m) => m.loc.uri)]),
  ];
  const backendsFrom = [
    ...new Set(plan.loadBalancers.flatMap(({ services }) => services.map((s) => s.source)).filter(Boolean)),
  ];
  const head = header('#', model, sources, options, [
    '',
    `HAProxy on servers ${plan.servers.name} (the same file on every VM): ${plan.loadBalancers.map(({ lb }) => `loadBalancer ${lb.name}${lb.vip ? ` (VIP ${lb.vip})` : ''}`).join(', ')}.`,
    `Backends: the fixed addresses the topology gives ${backendsFrom.join('; ') || 'the members'}; not DNS names.`,
    'Validate with `haproxy -c -f haproxy.cfg`. Binding a VIP this VM does not hold needs',
    'net.ipv4.ip_nonlocal_bind=1 (set by the cloud-init user_data).',
  ]);
  const parts: string[] = [
    section('global', ['log /dev/log local0', 'maxconn 4000', 'user haproxy', 'group haproxy']),
    section('defaults', [
      'log global',
      'mode tcp',
      'option tcplog',
      'option dontlognull',
      'retries 3',
      'option redispatch',
      'timeout connect 5s',
      'timeout client 1m',
      'timeout server 1m',
      'timeout check 5s',
    ]),
  ];
  for (const { lb, services } of plan.loadBalancers) {
    for (const s of services) {
      const name = serviceName(lb, s.listener.port);
      const bind = `${lb.vip ?? '*'}:${s.listener.port}`;
      const comment = `# loadBalancer ${lb.name}: ${s.listener.protocol} ${s.listener.port}${s.listener.tls ? ` tls ${s.listener.tls}` : ''} -> ${s.source || 'no members'}; check: ${checkText(s)}`;
      parts.push(
        comment +
          '\n' +
          section(`frontend ${name}`, [
            `bind ${bind}`,
            `mode ${s.mode}`,
            s.mode === 'http' ? 'option httplog' : 'option tcplog',
            `default_backend ${name}`,
          ]),
      );
      const lines = [
        `mode ${s.mode}`,
        `balance ${BALANCE[lb.algorithm ?? 'round-robin'] ?? 'roundrobin'}`,
        ...checkLines(s.check),
      ];
      if (lb.health?.timeoutMs !== undefined) lines.push(`timeout check ${time(lb.health.timeoutMs)}`);
      lines.push(`default-server ${serverOptions(s)}`);
      for (const srv of s.servers) lines.push(`server ${srv.name} ${srv.address}:${s.listener.port}`);
      parts.push(section(`backend ${name}`, lines));
    }
  }
  return head + '\n' + parts.join('\n\n') + '\n';
}

/** keepalived's instance names: letters, digits and `_`. */
function instanceName(lb: Pick<LoadBalancer, 'name'>): string {
  return lb.name.replace(/[^A-Za-z0-9_]/g, '_');
}

/** The interface keepalived uses on a VM: `eth<i>` for the group's i-th network. */
export function vrrpInterface(k: KeepalivedInstance): string {
  const i = k.segment ? k.servers.networks.indexOf(k.segment) : 0;
  return `eth${Math.max(0, i)}`;
}

/** VM `index`'s priority in an instance: the i-th load balancer of a group prefers VM i as master. */
function priority(plan: HaproxyPlan, lbIndex: number, vm: number): number {
  const n = plan.servers.placement.total;
  return 200 - 10 * ((vm - lbIndex + n * 1000) % n);
}

export function keepalivedConf(
  model: TopoModel,
  plan: HaproxyPlan,
  vm: number,
  options: GeneratorOptions = {},
): string {
  const instances = plan.loadBalancers
    .map(({ lb }, i) => ({ lb, k: lb.keepalived, i }))
    .filter((x): x is { lb: LoadBalancer; k: KeepalivedInstance; i: number } => x.k !== undefined);
  const me = plan.servers.addresses[vm];
  const head = header('#', model, [plan.servers.loc.uri, ...instances.map(({ lb }) => lb.loc.uri)], options, [
    '',
    `keepalived on ${vmName(plan.servers, vm)} (servers ${plan.servers.name}): ${instances.map(({ lb, k }) => `VIP ${k.vip} of ${lb.name}, VRRP id ${k.vrid} on ${k.segment?.name ?? 'its network'}, ${k.mode}`).join('; ')}.`,
    "The ids collide with no other VRRP user the topology puts on those networks (OpenShift clusters' keepalived included).",
    'Validate with `keepalived -t -f keepalived.conf` (it checks that the interface exists).',
  ]);
  const parts = [
    section('global_defs {', [`router_id ${vmName(plan.servers, vm)}`, 'vrrp_garp_master_refresh 60']) + '\n}',
    section('vrrp_track_process track_haproxy {', ['process haproxy', 'delay 2']) + '\n}',
  ];
  for (const { lb, k, i } of instances) {
    const prefix = (k.segment?.cidr && parseCidr(k.segment.cidr)?.prefix) ?? 32;
    const lines = [
      'state BACKUP',
      `interface ${vrrpInterface(k)}`,
      `virtual_router_id ${k.vrid}`,
      `priority ${priority(plan, i, vm)}`,
      'advert_int 1',
    ];
    if (k.mode === 'unicast' && me) {
      lines.push(
        `unicast_src_ip ${me}`,
        'unicast_peer {',
        ...k.peers.filter((p) => p !== me).map((p) => `    ${p}`),
        '}',
      );
    }
    lines.push(
      'virtual_ipaddress {',
      `    ${k.vip}/${prefix} dev ${vrrpInterface(k)}`,
      '}',
      'track_process {',
      '    track_haproxy',
      '}',
    );
    parts.push(`# loadBalancer ${lb.name}\n` + section(`vrrp_instance ${instanceName(lb)} {`, lines) + '\n}');
  }
  return head + '\n' + parts.join('\n\n') + '\n';
}

/**
 * The cloud-init user_data of VM `vm` of a group (cloud-init's cloud-config format): installs
 * haproxy and keepalived, writes both files after the packages (`defer: true`, so the packages'
 * own config files do not replace them), allows binding the VIPs, and starts both services.
 */
export function haproxyUserData(
  model: TopoModel,
  plan: HaproxyPlan,
  vm: number,
  options: GeneratorOptions = {},
): string {
  const sysctl = 'net.ipv4.ip_nonlocal_bind = 1\n';
  const config = {
    packages: ['haproxy', 'keepalived'],
    write_files: [
      {
        path: '/etc/haproxy/haproxy.cfg',
        owner: 'root:root',
        permissions: '0644',
        defer: true,
        content: haproxyCfg(model, plan, options),
      },
      {
        path: '/etc/keepalived/keepalived.conf',
        owner: 'root:root',
        permissions: '0644',
        defer: true,
        content: keepalivedConf(model, plan, vm, options),
      },
      { path: '/etc/sysctl.d/90-topo-haproxy.conf', owner: 'root:root', permissions: '0644', content: sysctl },
    ],
    runcmd: [
      ['sysctl', '--system'],
      // RHEL/CentOS: SELinux lets haproxy connect to any port (6443, 22623 ...); absent elsewhere.
      ['sh', '-c', 'if command -v setsebool >/dev/null; then setsebool -P haproxy_connect_any 1; fi'],
      ['systemctl', 'enable', 'haproxy', 'keepalived'],
      ['systemctl', 'restart', 'haproxy', 'keepalived'],
    ],
  };
  return (
    '#cloud-config\n' +
    header('#', model, [plan.servers.loc.uri], options, [
      '',
      `user_data of ${vmName(plan.servers, vm)} (servers ${plan.servers.name}): HAProxy and keepalived, configured and started at first boot.`,
    ]) +
    toYaml(config as never)
  );
}

/** The plan of the VM group `servers` (undefined when it runs no HAProxy load balancer topo configures). */
export function haproxyPlanOf(model: TopoModel, servers: Servers): HaproxyPlan | undefined {
  return planHaproxy(model).plans.find((p) => p.servers === servers);
}

export function generateHaproxy(model: TopoModel, options: GeneratorOptions = {}): GeneratedFile[] {
  const { plans, problems } = planHaproxy(model);
  for (const p of problems)
    reportProblem(options, { severity: p.severity, target: 'haproxy', code: p.code, message: p.message, loc: p.loc });
  const files: GeneratedFile[] = [];
  for (const plan of plans) {
    const base = `haproxy/${plan.servers.name}`;
    files.push({ path: `${base}/haproxy.cfg`, content: haproxyCfg(model, plan, options), target: 'haproxy' });
    for (let vm = 0; vm < plan.servers.placement.total; vm++) {
      files.push({
        path: `${base}/${vmName(plan.servers, vm)}/keepalived.conf`,
        content: keepalivedConf(model, plan, vm, options),
        target: 'haproxy',
      });
      files.push({
        path: `${base}/${vmName(plan.servers, vm)}/cloud-init.yaml`,
        content: haproxyUserData(model, plan, vm, options),
        target: 'haproxy',
      });
    }
  }
  return files;
}
