import type { Storage } from '../../model/types.js';
import { defineRule, type RuleContext } from '../types.js';

export const noDr = defineRule({
  id: 'storage/no-dr',
  title: 'Unreplicated storage without an off-site backup',
  severity: 'error',
  description:
    'Flags storage that is not replicated (`pattern none`, `partitioned`, or no pattern) and has no backup in another site: no `backup` at all, or a backup in a site (or a zone of a site) where the data lives. A `backup "<target>"` string counts as off-site.',
  rationale:
    "Without replication the data lives in one datacenter (or, partitioned, each part in one datacenter); when that site is lost the app is unavailable and the data is gone unless a DR process restores it from backups kept in another datacenter (seed 004). Partitioned data also needs its content-based routing changed to send the lost site's traffic elsewhere. A backup in the same site is lost with it. Infrastructure- and application-based asynchronous replication need no DR process, so they are not flagged. A backup target given as a string (an object store, a vault) cannot be located by the model; it is taken as off-site: name a site (`backup dc-west`) to have it checked.",
  sources: ['storage-patterns'],
  examples: {
    fires: `region east { zone az1 }\nstorage orders {\n  pattern none\n  site east\n}`,
    passes: `region east { zone az1 }\nregion west { zone az1 }\nstorage orders {\n  pattern none\n  backup west every 24h\n  site east\n}`,
  },
  // The storage declared at the top level with the infrastructure, each app's with the app.
  reads: 'infrastructure',
  check({ model, report }) {
    for (const s of model.storages) checkStorage(s, report);
  },
  checkApp(app, { report }) {
    for (const s of app.storage) checkStorage(s, report);
  },
});

/** Storage with neither replication nor an off-site backup. */
function checkStorage(s: Storage, report: RuleContext['report']): void {
  if (s.pattern !== undefined && s.pattern !== 'none' && s.pattern !== 'partitioned') return;
  const backup = s.backup;
  const head = `${storageLabel(s)}: ${s.pattern === 'partitioned' ? 'partitioned, not replicated (pattern partitioned)' : `no replication (pattern ${s.pattern ?? 'unset'})`}`;
  if (!backup) {
    const where = s.regions.length ? s.regions.map((r) => r.name).join(' or ') : 'its site';
    report({
      message: `${head} and no backup: losing ${where} loses the data held there`,
      loc: s.props.pattern ?? s.nameLoc,
    });
    return;
  }
  // A target string is taken as off-site; a backup whose data sites are unknown cannot be judged.
  const site = backup.region;
  if (!site || !s.regions.includes(site)) return;
  const place = backup.zone ? `${backup.zone.id} (site ${site.name})` : `site ${site.name}`;
  report({
    message: `${head} and its backup is in ${place}, where the data lives: losing ${site.name} loses both`,
    loc: s.props.backup ?? backup.loc,
    related: [{ loc: site.nameLoc, message: `${site.name} holds both the data of ${s.name} and its backup` }],
  });
}

/** `storage db of app shop`, or `storage db` for one declared on its own. */
export function storageLabel(s: Storage): string {
  return s.app ? `storage ${s.name} of app ${s.app.name}` : `storage ${s.name}`;
}
