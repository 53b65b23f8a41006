import { describe, expect, it } from 'vitest';
import { findingsOf } from '../../../test/support/index.js';

const rule = 'security/bypass-dmz';
const projects = `project dmz { role dmz }\nproject dept-a { role department }\nproject shared { role shared-services }\nproject misc { description "no role" }\n`;
const net = (name: string, project: string, gateway = 'inet') =>
  `network ${name} in ${project} { kind overlay  cidr 10.0.0.0/24  gateway ${gateway} }\n`;
const messages = async (text: string) => (await findingsOf(rule, text)).hits.map((h) => `${h.severity}: ${h.message}`);

describe('security/bypass-dmz', () => {
  it('fires for a department network whose gateway goes to the internet', async () => {
    expect(await messages(projects + net('apps', 'dept-a') + 'router inet { external internet }\n')).toEqual([
      'warning: router inet routes project dept-a (department) straight to the internet, bypassing the DMZ project dmz and its firewall and proxy',
    ]);
  });

  it('fires for an internet router that belongs to a non-DMZ project, or has interfaces on several', async () => {
    expect(await messages(projects + 'router inet in shared { external internet }\n')).toEqual([
      'warning: router inet routes project shared (shared-services) straight to the internet, bypassing the DMZ project dmz and its firewall and proxy',
    ]);
    const text =
      projects +
      'network a in dept-a { kind overlay }\nnetwork b in misc { kind overlay }\nrouter inet in dmz { external internet  interfaces a b }\n';
    expect(await messages(text)).toEqual([
      'warning: router inet routes projects dept-a (department), misc straight to the internet, bypassing the DMZ project dmz and its firewall and proxy',
    ]);
  });

  it("does not fire for the DMZ's own internet router, nor for a router to another external network", async () => {
    expect(await messages(projects + net('edge', 'dmz') + 'router inet in dmz { external internet }\n')).toEqual([]);
    expect(await messages(projects + net('apps', 'dept-a') + 'router inet { external "corp-wan" }\n')).toEqual([]);
  });

  it('does not fire in a topology without a DMZ project', async () => {
    expect(
      await messages(
        projects.replace('role dmz', 'role department') + net('apps', 'dept-a') + 'router inet { external internet }\n',
      ),
    ).toEqual([]);
  });
});
