/**
 * The failover the generated traffic layer promises, proved with the real engines on loopback
 * (see test/validators/engines.ts for how each engine is started and stopped).
 *
 * The topologies are small stand-ins of seed 004 (two sites, an LTM VIP per site, a PowerDNS GTM)
 * and seed 003 #4 (HAProxy VMs in front of two servers). Their addresses come from a parameter,
 * `lab`, set to 127.0.0.0/24 as `topo generate --set lab=127.0.0.0/24` would: the generated files
 * are used as generated. The listener port is a free port found at run time and written into the
 * topology text.
 *
 * DNS: the wide IP must move to the surviving site within the time the failure analysis predicts
 * (`topo simulate --fail <site>`: fall × interval), with a margin of one interval plus the check
 * timeout plus one second for the checker's schedule, and come back when the site returns.
 * PowerDNS 5.0+ honours the record's `minimumFailures` (fall) and `interval`; 4.x (Debian 12 has
 * 4.7.3) takes an address out after one failed check at `lua-health-checks-interval`. The lower
 * bound asserted depends on the version found; the upper bound is the model's either way.
 *
 * HAProxy: requests through the VIP keep succeeding while one backend is stopped, and HAProxy
 * marks it down after `fall` checks (not before fall − 1 intervals, not later than fall intervals
 * plus a margin), and up again after `rise` checks when it returns.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { analyse, findDomain } from '../language/analysis/failure.js';
import { generate } from '../language/generators/index.js';
import { load } from './support/index.js';
import {
  digA,
  freePort,
  haproxyCli,
  httpGet,
  pdnsVersion,
  serverHealth,
  serverStates,
  sleep,
  startHaproxy,
  startHttp,
  startPdns,
  type Started,
} from './validators/engines.js';

const LAB = { lab: '127.0.0.0/24' };
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!().catch(() => undefined);
});
function stopLater<T extends { stop: () => Promise<void> }>(x: T): T {
  cleanup.push(() => x.stop());
  return x;
}

/** Polls `probe` every `everyMs` until `done` holds; returns the elapsed ms, or undefined after `limitMs`. */
async function until<T>(
  probe: () => Promise<T>,
  done: (v: T) => boolean,
  limitMs: number,
  everyMs = 100,
): Promise<{ ms?: number; last: T }> {
  const start = performance.now();
  let last = await probe();
  while (!done(last)) {
    if (performance.now() - start > limitMs) return { last };
    await sleep(everyMs);
    last = await probe();
  }
  return { ms: performance.now() - start, last };
}

function gtmTopology(port: number): string {
  return `topology failover-lab
param lab = 192.0.2.0/24
region site-a provider openstack { zone z1 zone z2 zone z3 }
region site-b provider openstack { zone z1 zone z2 zone z3 }
rtt site-a site-b 20ms
cluster ka { distribution kubernetes  controlPlane { replicas 3  zones site-a.z1 site-a.z2 site-a.z3 }  workers { perZone 1 } }
cluster kb { distribution kubernetes  controlPlane { replicas 3  zones site-b.z1 site-b.z2 site-b.z3 }  workers { perZone 1 } }
loadBalancer ltm-a { provider f5  zones site-a.z1 site-a.z2  vip cidrhost($lab, 2)  listen http ${port}  members ka }
loadBalancer ltm-b { provider f5  zones site-b.z1 site-b.z2  vip cidrhost($lab, 3)  listen http ${port}  members kb }
gslb gtm { provider powerdns  backends ltm-a ltm-b  policy failover  health "/healthz" every 1s fall 3 rise 2 timeout 1s }
gslb gtm-rr { provider powerdns  backends ltm-a ltm-b  policy round-robin  health "/healthz" every 1s fall 3 rise 2 timeout 1s }
app shop { clusters ka kb  replicas 4  url "shop.example.com"  gslb gtm  readiness "/healthz" }
app cart { clusters ka kb  replicas 4  url "cart.example.com"  gslb gtm-rr  readiness "/healthz" }
`;
}

/** The generated files of one gslb, relative to its folder. */
function gslbFiles(files: { path: string; content: string }[], gslb: string): Record<string, string> {
  const base = `powerdns/${gslb}/`;
  return Object.fromEntries(
    files.filter((f) => f.path.startsWith(base)).map((f) => [f.path.slice(base.length), f.content]),
  );
}

describe('PowerDNS wide IPs fail over as the failure analysis predicts (real pdns_server, loopback)', () => {
  it('failover: shop.example.com moves from site-a to site-b within fall × interval, and back', async () => {
    const port = await freePort();
    const { model } = await load(gtmTopology(port), { params: LAB });
    const { files, problems } = generate(model, { targets: ['powerdns'] });
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    const zone = files.find((f) => f.path === 'powerdns/gtm/zones/shop.example.com.zone')!.content;
    expect(zone).toContain(`ifurlup('http://shop.example.com:${port}/healthz', {{'127.0.0.2'}, {'127.0.0.3'}}`);

    // What `topo simulate --fail site-a` says about this name.
    const impact = analyse(model, findDomain(model, 'site-a')!);
    const name = impact.gslbNames.find((g) => g.name === 'shop.example.com')!;
    expect(name.failsOver).toBe(true);
    expect(name.backends.filter((b) => b.up).map((b) => b.loadBalancer)).toEqual(['ltm-b']);
    const predictedMs = name.detection!.ms;
    expect(predictedMs).toBe(3000);
    const marginMs = 1000 + 1000 + 1000; // one interval + the timeout + the checker's schedule

    const a = stopLater(await startHttp('127.0.0.2', port, '/healthz'));
    stopLater(await startHttp('127.0.0.3', port, '/healthz'));
    const pdns: Started & { port: number } = stopLater(await startPdns(gslbFiles(files, 'gtm')));
    const answer = (): Promise<string[] | undefined> => digA(pdns.port, 'shop.example.com');

    // Both sites up: the first group answers.
    const ready = await until(answer, (v) => v?.join() === '127.0.0.2', 15_000);
    expect(ready.last, pdns.output()).toEqual(['127.0.0.2']);

    await a.stop();
    const moved = await until(answer, (v) => v?.join() === '127.0.0.3', predictedMs + marginMs + 5000);
    expect(moved.last).toEqual(['127.0.0.3']);
    const [major] = await pdnsVersion();
    const lowerMs = major! >= 5 ? predictedMs - 1000 - 500 : 0;
    console.log(
      `[failover] shop.example.com (failover): moved to site-b after ${Math.round(moved.ms!)} ms; predicted ${predictedMs} ms (fall 3 × 1 s) + margin ${marginMs} ms; PowerDNS ${major}.x`,
    );
    expect(moved.ms!).toBeLessThanOrEqual(predictedMs + marginMs);
    expect(moved.ms!).toBeGreaterThanOrEqual(lowerMs);

    stopLater(await startHttp('127.0.0.2', port, '/healthz'));
    const back = await until(answer, (v) => v?.join() === '127.0.0.2', 10_000);
    console.log(
      `[failover] shop.example.com: back to site-a after ${Math.round(back.ms!)} ms (one successful check; PowerDNS has no rise)`,
    );
    expect(back.last).toEqual(['127.0.0.2']);
    expect(back.ms!).toBeLessThanOrEqual(1000 + marginMs);
  }, 60_000);

  it('round-robin: cart.example.com answers with both sites, then with the one left, then both again', async () => {
    const port = await freePort();
    const { model } = await load(gtmTopology(port), { params: LAB });
    const { files } = generate(model, { targets: ['powerdns'] });
    const predictedMs = analyse(model, findDomain(model, 'site-b')!).gslbNames.find(
      (g) => g.name === 'cart.example.com',
    )!.detection!.ms;
    const marginMs = 3000;

    stopLater(await startHttp('127.0.0.2', port, '/healthz'));
    const b = stopLater(await startHttp('127.0.0.3', port, '/healthz'));
    const pdns = stopLater(await startPdns(gslbFiles(files, 'gtm-rr')));
    const answer = (): Promise<string[] | undefined> => digA(pdns.port, 'cart.example.com');

    expect((await until(answer, (v) => v?.join() === '127.0.0.2,127.0.0.3', 15_000)).last).toEqual([
      '127.0.0.2',
      '127.0.0.3',
    ]);
    await b.stop();
    const moved = await until(answer, (v) => v?.join() === '127.0.0.2', predictedMs + marginMs + 5000);
    console.log(
      `[failover] cart.example.com (round-robin): site-b left the answer after ${Math.round(moved.ms!)} ms; predicted ${predictedMs} ms + margin ${marginMs} ms`,
    );
    expect(moved.last).toEqual(['127.0.0.2']);
    expect(moved.ms!).toBeLessThanOrEqual(predictedMs + marginMs);

    stopLater(await startHttp('127.0.0.3', port, '/healthz'));
    const back = await until(answer, (v) => v?.join() === '127.0.0.2,127.0.0.3', 10_000);
    expect(back.last).toEqual(['127.0.0.2', '127.0.0.3']);
  }, 60_000);
});

function lbTopology(port: number): string {
  return `topology haproxy-lab
param lab = 192.0.2.0/24
region dc provider openstack { zone z1 zone z2 }
network lbnet { cidr $lab  zones dc.z1 dc.z2 }
servers lbvm { role haproxy  count 1  zones dc.z1  network lbnet  addresses cidrhost($lab, 10) }
servers web { role app  count 2  zones dc.z1 dc.z2  network lbnet  addresses cidrhost($lab, 2) cidrhost($lab, 3) }
loadBalancer web-lb { provider haproxy  via lbvm  vip cidrhost($lab, 4)  listen http ${port}  members web  health "/healthz" every 500ms fall 3 rise 2 timeout 400ms  algorithm round-robin }
`;
}

describe('HAProxy keeps serving through a backend loss (real haproxy, loopback)', () => {
  it('requests through the VIP keep succeeding; the stopped server is down after fall checks and up after rise checks', async () => {
    const port = await freePort();
    const { model } = await load(lbTopology(port), { params: LAB });
    const { files, problems } = generate(model, { targets: ['haproxy'] });
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    const cfg = files.find((f) => f.path === 'haproxy/lbvm/haproxy.cfg')!.content;
    expect(cfg).toContain(`bind 127.0.0.4:${port}`);
    expect(cfg).toContain(`server web-0 127.0.0.2:${port}`);
    const backend = `web-lb-${port}`;
    const interMs = 500;
    const fall = 3;
    const rise = 2;

    stopLater(await startHttp('127.0.0.2', port, '*'));
    const web1 = stopLater(await startHttp('127.0.0.3', port, '*'));
    const haproxy = stopLater(await startHaproxy(cfg));
    const states = (): Promise<Record<string, number>> => serverStates(haproxy.socket, backend);
    const up = await until(states, (s) => s['web-0'] === 2 && s['web-1'] === 2, 10_000);
    expect(up.last, haproxy.output() + (await haproxyCli(haproxy.socket, '@1 show stat'))).toEqual({
      'web-0': 2,
      'web-1': 2,
    });
    // A server HAProxy has just started is one failed check from down; wait for full health, from
    // where it takes `fall` failures, the case the failure analysis predicts.
    const full = rise + fall - 1;
    const healthy = await until(
      () => serverHealth(haproxy.socket, backend),
      (h) => h['web-0'] === full && h['web-1'] === full,
      10_000,
      50,
    );
    expect(healthy.last).toEqual({ 'web-0': full, 'web-1': full });

    await web1.stop();
    const stoppedAt = performance.now();
    // Watch the server's state and send requests at the same time, until HAProxy has marked web-1
    // down and a second after.
    const watch = until(states, (s) => s['web-1'] === 0, fall * interMs + 5000, 50);
    const results: (number | string)[] = [];
    let downMs: number | undefined;
    void watch.then((w) => (downMs = w.ms === undefined ? undefined : performance.now() - stoppedAt));
    while (
      performance.now() - stoppedAt < fall * interMs + 5000 &&
      (downMs === undefined || performance.now() - stoppedAt < downMs + 1000)
    ) {
      const r = await httpGet('127.0.0.4', port, '/', 5000);
      results.push(r.status ?? r.error!);
      await sleep(50);
    }
    await watch;
    console.log(
      `[failover] haproxy web-lb: web-1 marked down after ${Math.round(downMs ?? -1)} ms (fall ${fall} × inter ${interMs} ms = ${fall * interMs} ms); ${results.length} requests, ${results.filter((s) => s === 200).length} answered 200`,
    );
    expect(results.length).toBeGreaterThan(10);
    expect(results.filter((s) => s !== 200)).toEqual([]);
    expect(downMs).toBeDefined();
    expect(downMs!).toBeGreaterThanOrEqual((fall - 1) * interMs);
    expect(downMs!).toBeLessThanOrEqual(fall * interMs + 1500);

    stopLater(await startHttp('127.0.0.3', port, '*'));
    const back = await until(states, (s) => s['web-1'] === 2, 10_000, 50);
    console.log(
      `[failover] haproxy web-lb: web-1 back up after ${Math.round(back.ms!)} ms (rise ${rise} × inter ${interMs} ms = ${rise * interMs} ms)`,
    );
    expect(back.last['web-1']).toBe(2);
    expect(back.ms!).toBeGreaterThanOrEqual((rise - 1) * interMs);
    expect(back.ms!).toBeLessThanOrEqual(rise * interMs + 1500);
  }, 60_000);
});
