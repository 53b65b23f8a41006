/**
 * The real engines, started by the tests on this machine (Debian packages haproxy, keepalived,
 * pdns-server + pdns-backend-bind, dnsutils; `npm run setup` installs them):
 *
 * - `haproxy -c -f <file>`: HAProxy's own configuration check (exit 0 = valid).
 * - `keepalived -t -f <file>`: keepalived's configuration test. Exit 0 = valid; 5
 *   (KEEPALIVED_EXIT_CONFIG_TEST in keepalived's lib/scheduler.h enum exit_code) = the test found
 *   errors, e.g. "Non-existent interface specified in configuration". keepalived checks that the
 *   interfaces a configuration names exist, and a generated file names the VMs' interfaces
 *   (`eth0` ...), which this machine may or may not have. So the test runs in a network namespace
 *   of its own that holds exactly the interfaces the VMs would have (veth pairs named eth0, eth1
 *   ...): nothing in the file is substituted, and the host's own interfaces play no part.
 *   Creating a namespace needs root (CI runs as root).
 * - `pdns_server`: a real PowerDNS Authoritative Server on 127.0.0.1 and a free port, with the
 *   generated pdns.conf, named.conf and zone files in a temporary folder, started with
 *   `--daemon=no --guardian=no`, its control socket in that folder, no security polling (no
 *   traffic leaves the machine) and stopped by the test. The only change to a generated file is
 *   named.conf's `directory` (where the zone files are installed, /etc/powerdns/topo/<gslb>/zones
 *   on a GTM): it is pointed at the temporary folder.
 * - `dig` queries it; HAProxy and small HTTP servers serve on 127.0.0.x.
 *
 * Every process is bounded in time and killed by the test that started it.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], timeoutMs = 20_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error
        ? typeof (error as NodeJS.ErrnoException & { code?: unknown }).code === 'number'
          ? (error as unknown as { code: number }).code
          : -1
        : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** `haproxy -c` on a configuration text. */
export async function haproxyCheck(config: string): Promise<Run> {
  const dir = tempDir('topo-haproxy-');
  try {
    writeFileSync(join(dir, 'haproxy.cfg'), config);
    return await run('haproxy', ['-c', '-f', join(dir, 'haproxy.cfg')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `keepalived -t` on a configuration text, in a fresh network namespace holding `interfaces` (veth pairs). */
export async function keepalivedCheck(config: string, interfaces: string[]): Promise<Run> {
  const dir = tempDir('topo-keepalived-');
  const ns = `topo-ka-${process.pid}-${randomBytes(3).toString('hex')}`;
  try {
    writeFileSync(join(dir, 'keepalived.conf'), config);
    const add = await run('ip', ['netns', 'add', ns]);
    if (add.code !== 0) throw new Error(`cannot create network namespace ${ns} (needs root): ${add.stderr.trim()}`);
    for (const [i, name] of interfaces.entries()) {
      const link = await run('ip', [
        'netns',
        'exec',
        ns,
        'ip',
        'link',
        'add',
        name,
        'type',
        'veth',
        'peer',
        'name',
        `peer${i}`,
      ]);
      if (link.code !== 0) throw new Error(`cannot create interface ${name} in ${ns}: ${link.stderr.trim()}`);
    }
    return await run('ip', ['netns', 'exec', ns, 'keepalived', '-t', '-f', join(dir, 'keepalived.conf')]);
  } finally {
    await run('ip', ['netns', 'del', ns]);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A process the test started: stopped by `stop()`, and killed when its time is up. */
export interface Started {
  proc: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

function startProcess(cmd: string, args: string[], limitMs: number): Started {
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const limit = setTimeout(() => proc.kill('SIGKILL'), limitMs);
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return {
    proc,
    output: () => out,
    stop: async () => {
      clearTimeout(limit);
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        await Promise.race([exited, sleep(3000)]);
        if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      }
      await exited;
    },
  };
}

function dig(args: string[], netns?: string): Promise<Run> {
  return netns ? run('ip', ['netns', 'exec', netns, 'dig', ...args], 5000) : run('dig', args, 5000);
}

/** `dig +short` of `name`'s A records from 127.0.0.1:`port`, sorted; undefined when the query fails. */
export async function digA(port: number, name: string, netns?: string): Promise<string[] | undefined> {
  const r = await dig(['+short', '+time=1', '+tries=1', `@127.0.0.1`, '-p', String(port), name, 'A'], netns);
  if (r.code !== 0 || /connection timed out|communications error/i.test(r.stdout)) return undefined;
  return r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^\d+\.\d+\.\d+\.\d+$/.test(l))
    .sort();
}

/** The status of a query (NOERROR, SERVFAIL, REFUSED ...). */
export async function digStatus(port: number, name: string, type = 'A', netns?: string): Promise<string | undefined> {
  const r = await dig(['+time=1', '+tries=1', `@127.0.0.1`, '-p', String(port), name, type], netns);
  return /status: (\w+)/.exec(r.stdout)?.[1];
}

export interface Pdns extends Started {
  port: number;
  dir: string;
  netns?: string;
}

/** A fresh network namespace with only its loopback interface up: nothing sent inside it leaves the machine. */
export async function isolatedNetns(): Promise<{ name: string; remove: () => Promise<void> }> {
  const name = `topo-iso-${process.pid}-${randomBytes(3).toString('hex')}`;
  const add = await run('ip', ['netns', 'add', name]);
  if (add.code !== 0) throw new Error(`cannot create network namespace ${name} (needs root): ${add.stderr.trim()}`);
  await run('ip', ['netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up']);
  return { name, remove: async () => void (await run('ip', ['netns', 'del', name])) };
}

/**
 * Starts pdns_server on the generated files of one gslb (`files`: path relative to its folder →
 * content), on 127.0.0.1 and a free port; resolves once it answers. Bounded by `limitMs`.
 * With `netns`, it runs in that network namespace (see `isolatedNetns`): a wide IP whose
 * backends are real addresses (the examples') is then health-checked without a packet leaving
 * the machine (the checks fail at once: no route).
 */
export async function startPdns(
  files: Record<string, string>,
  options: { limitMs?: number; netns?: string } = {},
): Promise<Pdns> {
  const limitMs = options.limitMs ?? 120_000;
  const dir = tempDir('topo-pdns-');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    const text =
      path === 'named.conf' ? content.replace(/^(\s*directory\s+)"[^"]*";/m, `$1"${join(dir, 'zones')}";`) : content;
    writeFileSync(join(dir, path), text);
  }
  const port = await freePort();
  const netns = options.netns ? ['netns', 'exec', options.netns] : [];
  const started = startProcess(
    options.netns ? 'ip' : 'pdns_server',
    [
      ...(options.netns ? [...netns, 'pdns_server'] : []),
      `--config-dir=${dir}`,
      `--bind-config=${join(dir, 'named.conf')}`,
      `--socket-dir=${dir}`,
      '--local-address=127.0.0.1',
      `--local-port=${port}`,
      '--daemon=no',
      '--guardian=no',
      '--disable-syslog=yes',
      '--security-poll-suffix=',
      '--webserver=no',
      '--loglevel=6',
    ],
    limitMs,
  );
  const stop = async (): Promise<void> => {
    await started.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    if (/ready to distribute questions/.test(started.output()))
      return { ...started, stop, port, dir, netns: options.netns };
    if (started.proc.exitCode !== null) break;
    await sleep(100);
  }
  const log = started.output();
  await stop();
  throw new Error(`pdns_server did not start:\n${log}`);
}

/** The PowerDNS version on this machine, e.g. [4, 7, 3]. */
export async function pdnsVersion(): Promise<number[]> {
  const r = await run('pdns_server', ['--version']);
  const m = /PowerDNS Authoritative Server (\d+)\.(\d+)\.(\d+)/.exec(r.stdout + r.stderr);
  if (!m) throw new Error(`pdns_server --version said: ${r.stdout}${r.stderr}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** A small HTTP server on `host:port` answering `path` with 200 (other paths 404); stopped by `stop()`. */
export async function startHttp(
  host: string,
  port: number,
  path: string,
): Promise<{ server: Server; hits: () => number; stop: () => Promise<void> }> {
  let hits = 0;
  const server = createHttpServer((req, res) => {
    hits++;
    const ok = req.url === path || path === '*';
    res.writeHead(ok ? 200 : 404, { 'content-type': 'text/plain', connection: 'close' });
    res.end(ok ? `ok ${host}\n` : 'not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    hits: () => hits,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Haproxy extends Started {
  socket: string;
  dir: string;
}

/**
 * Starts HAProxy on a generated haproxy.cfg in master-worker mode with its master CLI on a unix
 * socket in a temporary folder (`-S`: the configuration itself is not changed).
 */
export async function startHaproxy(config: string, limitMs = 120_000): Promise<Haproxy> {
  const dir = tempDir('topo-haproxy-run-');
  writeFileSync(join(dir, 'haproxy.cfg'), config);
  const socket = join(dir, 'master.sock');
  const started = startProcess('haproxy', ['-W', '-db', '-S', socket, '-f', join(dir, 'haproxy.cfg')], limitMs);
  const stop = async (): Promise<void> => {
    await started.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    if (started.proc.exitCode !== null) break;
    try {
      const state = await haproxyCli(socket, '@1 show info');
      if (/Pid:/.test(state)) return { ...started, stop, socket, dir };
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  const log = started.output();
  await stop();
  throw new Error(`haproxy did not start:\n${log}`);
}

/** Sends one command to HAProxy's (master) CLI socket and returns the answer. */
export function haproxyCli(socket: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = createConnection(socket);
    let out = '';
    const timer = setTimeout(() => {
      c.destroy();
      reject(new Error(`no answer to ${command}`));
    }, 3000);
    c.on('connect', () => c.write(`${command}\n`));
    // The master CLI keeps the connection open; an answer ends with an empty line.
    c.on('data', (d) => {
      out += d;
      if (out.endsWith('\n\n')) c.end();
    });
    c.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    c.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

/** `show servers state` of one backend: server name → operational state (0 stopped, 2 running ...). */
export async function serverStates(socket: string, backend: string): Promise<Record<string, number>> {
  return serverField(socket, backend, 5);
}

/**
 * `show servers state` of one backend: server name → check health. HAProxy starts a server up but
 * with health `rise`, one failed check from down; only after `fall - 1` more successful checks does
 * it reach `rise + fall - 1`, from where it takes `fall` failures to go down.
 */
export async function serverHealth(socket: string, backend: string): Promise<Record<string, number>> {
  return serverField(socket, backend, 12);
}

async function serverField(socket: string, backend: string, index: number): Promise<Record<string, number>> {
  const text = await haproxyCli(socket, `@1 show servers state ${backend}`);
  const out: Record<string, number> = {};
  const lines = text.split('\n').filter((l) => l && !l.startsWith('#') && /^\d/.test(l));
  // Fields: be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight
  // srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health ...
  for (const l of lines) {
    const f = l.split(' ');
    if (f[1] === backend) out[f[3]!] = Number(f[index]);
  }
  return out;
}

/** One HTTP GET through 127.0.0.x:port; resolves with the status and body, or the error. */
export function httpGet(
  host: string,
  port: number,
  path: string,
  timeoutMs = 2000,
): Promise<{ status?: number; body?: string; error?: string }> {
  return new Promise((resolve) => {
    const c = createConnection({ host, port });
    let out = '';
    const timer = setTimeout(() => {
      c.destroy();
      resolve({ error: 'timeout' });
    }, timeoutMs);
    c.on('connect', () => c.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
    c.on('data', (d) => (out += d));
    c.on('error', (e) => {
      clearTimeout(timer);
      resolve({ error: e.message });
    });
    c.on('close', () => {
      clearTimeout(timer);
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(out);
      resolve(
        m
          ? { status: Number(m[1]), body: out.slice(out.indexOf('\r\n\r\n') + 4) }
          : { error: `no HTTP answer: ${out.slice(0, 80)}` },
      );
    });
  });
}
