import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { sql } from 'kysely';
import { systemContext } from '../platform/auth/context.js';
import { UsageError, orgIdBySlug, withDatabase } from './context.js';

const STATUSES = ['open', 'mitigating', 'accepted', 'closed'] as const;

/**
 * `vigil risk export --org SLUG [--product NAME|ID] [--status S] [--out FILE]`: the risk
 * register as the same CSV as GET /api/v1/risks.csv, for audits and spreadsheets.
 */
export function registerRiskCommands(program: Command, out: (line: string) => void): void {
  const risk = program.command('risk').description('Risk register');
  risk
    .command('export')
    .description('Write the risk register as CSV (RFC 4180, header row, one row per item; columns in docs/api.md)')
    .requiredOption('--org <slug>')
    .option('--product <name|id>', 'only this product’s items')
    .option('--status <status>', STATUSES.join(' | '))
    .option('--out <file>', 'write here instead of standard output')
    .action(async (o: { org: string; product?: string; status?: string; out?: string }) => {
      if (o.status !== undefined && !(STATUSES as readonly string[]).includes(o.status)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}.`);
      const { riskCsv } = await import('../modules/risk/export.js');
      await withDatabase(async (db) => {
        const orgId = await orgIdBySlug(db, o.org);
        let productId: string | undefined;
        if (o.product !== undefined) {
          const name = o.product;
          const product = await db.kysely
            .selectFrom('products')
            .select('id')
            .where('org_id', '=', orgId)
            .where((eb) => eb.or([eb(sql<string>`lower(name)`, '=', name.toLowerCase()), eb(sql<string>`id::text`, '=', name)]))
            .executeTakeFirst();
          if (!product) throw new UsageError(`No product "${name}" in this organization.`);
          productId = product.id;
        }
        const text = await riskCsv(db.kysely, systemContext(orgId), { productId, status: o.status as (typeof STATUSES)[number] | undefined });
        if (o.out) {
          await writeFile(o.out, text);
          out(`Wrote ${o.out}: ${text.split('\r\n').length - 2} risk item(s).`);
        } else process.stdout.write(text);
      });
    });
}
