import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { systemContext } from '../platform/auth/context.js';
import { UsageError, orgIdBySlug, withDatabase } from './context.js';

/**
 * `vigil vendors feed add URL --org SLUG` follows a CSAF trusted provider; `vigil vendors sync
 * --org SLUG [--feed ID]` syncs in this process (the same work as the vendors.sync job) and
 * prints what it stored and rejected; `vigil vendors upload FILE --org SLUG` files a CSAF
 * document; `vigil exposure recompute --org SLUG` re-runs matching and the exposure computation.
 */
export function registerVendorCommands(program: Command, out: (line: string) => void): void {
  const vendors = program.command('vendors').description('Hospital vendor feeds and catalog');
  const feed = vendors.command('feed').description('Vendor feeds');
  feed
    .command('add <url>')
    .description('Follow a CSAF trusted provider (provider-metadata.json URL, or the vendor origin)')
    .requiredOption('--org <slug>')
    .option('--key <file...>', 'armored OpenPGP public key(s) to pin instead of the keys the metadata lists')
    .action(async (url: string, o: { org: string; key?: string[] }) => {
      const { addFeed } = await import('../modules/vendors/service.js');
      const publicKeys = o.key ? await Promise.all(o.key.map((f) => readFile(f, 'utf8'))) : undefined;
      await withDatabase(async (db) => {
        const f = await addFeed(db.kysely, systemContext(await orgIdBySlug(db, o.org)), { kind: 'csaf_provider', url, publicKeys });
        out(`Following ${f.url} (feed ${f.id}). Run \`vigil vendors sync --org ${o.org}\` to fetch it.`);
      });
    });
  feed
    .command('list')
    .description('Feeds with their status and the documents the last sync rejected')
    .requiredOption('--org <slug>')
    .action(async (o: { org: string }) => {
      const { listFeeds } = await import('../modules/vendors/service.js');
      await withDatabase(async (db) => {
        for (const f of await listFeeds(db.kysely, systemContext(await orgIdBySlug(db, o.org)))) {
          out(`${f.id}  ${f.status.padEnd(8)} ${f.documentsTotal} docs  ${f.url ?? f.name}`);
          for (const e of f.errors) out(`    ${e.problem}: ${e.url} — ${e.detail}`);
        }
      });
    });
  vendors
    .command('sync')
    .description('Sync every feed (or one) now, in this process')
    .requiredOption('--org <slug>')
    .option('--feed <id>', 'only this feed')
    .action(async (o: { org: string; feed?: string }) => {
      const { runFeedSync } = await import('../modules/vendors/sync.js');
      await withDatabase(async (db) => {
        const orgId = await orgIdBySlug(db, o.org);
        const feeds = await db.kysely.selectFrom('vendor_feeds').select(['id', 'name']).where('org_id', '=', orgId).$if(o.feed !== undefined, (q) => q.where('id', '=', o.feed!)).orderBy('created_at').execute();
        if (feeds.length === 0) throw new UsageError(o.feed ? `No feed ${o.feed} in this organization.` : 'This organization follows no feed yet: `vigil vendors feed add URL`.');
        let rejected = 0;
        for (const f of feeds) {
          const s = await runFeedSync(db.kysely, { jobId: 'cli', orgId, payload: { feedId: f.id }, progress: async () => undefined });
          rejected += s.rejected;
          out(`${f.name}: ${s.status}, ${s.listed} listed, ${s.new} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.rejected} rejected, ${s.exposures ?? 0} exposures`);
          for (const e of s.errors) out(`    ${e.problem}: ${e.url} — ${e.detail}`);
        }
        // A rejected document (bad hash or signature) is worth a non-zero exit in scripts.
        if (rejected > 0) process.exitCode = 1;
      });
    });
  vendors
    .command('upload <file>')
    .description('File a vendor CSAF 2.0 document (security advisory or VEX)')
    .requiredOption('--org <slug>')
    .option('--vendor <name>', 'file it under this vendor (default: the publisher)')
    .action(async (file: string, o: { org: string; vendor?: string }) => {
      const { uploadCsaf } = await import('../modules/vendors/service.js');
      await withDatabase(async (db) => {
        const r = await uploadCsaf(db.kysely, systemContext(await orgIdBySlug(db, o.org)), await readFile(file), o.vendor);
        out(`${r.trackingId}: ${r.outcome}, ${r.releases} release(s), ${r.statements} statement(s), ${r.exposures} exposure row(s).`);
      });
    });

  program
    .command('exposure')
    .description('Hospital exposure')
    .command('recompute')
    .description('Re-run asset matching and the set-based exposure computation')
    .requiredOption('--org <slug>')
    .action(async (o: { org: string }) => {
      const { refreshExposure } = await import('../modules/exposure/recompute.js');
      await withDatabase(async (db) => {
        const started = Date.now();
        const r = await refreshExposure(db.kysely, await orgIdBySlug(db, o.org));
        out(`${r.matched} asset(s) matched automatically, ${r.exposures} exposure row(s), ${r.deployments} patch deployment(s) touched in ${Date.now() - started} ms.`);
      });
    });
}
