import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** An environment whose home folder holds stand-in secrets where the examples look for them. */
export function fakeHome(): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), 'topo-home-'));
  mkdirSync(join(home, '.openshift'));
  mkdirSync(join(home, '.ssh'));
  writeFileSync(
    join(home, '.openshift/pull-secret.json'),
    '{"auths":{"registry.example.com":{"auth":"dGVzdDp0ZXN0"}}}',
  );
  writeFileSync(
    join(home, '.ssh/ocp_ed25519.pub'),
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAITestTestTestTestTestTestTestTestTestTest test@example.com',
  );
  return { ...process.env, HOME: home };
}
