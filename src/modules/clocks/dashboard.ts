import { sql } from 'kysely';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { arrayLiteral } from '../intel/pg-arrays.js';
import { CLOCK_COLUMNS, presentClock } from './service.js';
import { loadPolicy } from './store.js';
import { lastDays } from './time.js';

/**
 * The remediation dashboard: open clocks due soon, overdue and on track (overall and per
 * product), the most urgent ones, and a burndown of the last N days: open clocks at the end of
 * each local day beside the due line — the clocks that would still be open had each been closed
 * exactly on its due date. Counts are computed in SQL so the page stays fast with many clocks.
 */
const URGENT_LIMIT = 200;

/** The clock's due instant now (pauses included), as SQL, mirroring time.ts currentDue. */
const dueSql = sql<Date>`(c.base_due_at + c.paused_ms * interval '1 millisecond' + case when c.state = 'paused' then greatest(now() - c.paused_at, interval '0') else interval '0' end)`;

export async function remediationDashboard(db: Db, ctx: OrgContext, days: number) {
  authorize(ctx, 'intel.read');
  const policy = await loadPolicy(db, ctx.orgId);
  const soon = sql`now() + ${policy.notifyBeforeDays}::int * interval '1 day'`;
  const status = sql<string>`case when c.state = 'paused' then 'paused' when ${dueSql} < now() then 'overdue' when ${dueSql} <= ${soon} then 'due_soon' else 'on_track' end`;
  const open = db
    .selectFrom('finding_clocks as c')
    .innerJoin('findings as f', 'f.id', 'c.finding_id')
    .innerJoin('releases as r', 'r.id', 'f.release_id')
    .innerJoin('products as p', 'p.id', 'r.product_id')
    .where('c.org_id', '=', ctx.orgId)
    .where('c.state', '<>', 'stopped');
  const [byProduct, urgent, burndown] = await Promise.all([
    open.select(['p.id as product_id', 'p.name as product_name', status.as('status'), sql<number>`count(*)::int`.as('n')]).groupBy(['p.id', 'p.name', sql`3`]).execute(),
    open
      .select(CLOCK_COLUMNS)
      .select(['f.vuln_id', 'f.component_name', 'f.risk_class', 'f.priority', 'p.id as product_id', 'p.name as product_name', 'r.version as release_version'])
      .orderBy(dueSql)
      .limit(URGENT_LIMIT)
      .execute(),
    burndownOf(db, ctx.orgId, days, policy.timeZone),
  ]);
  const totals = { overdue: 0, due_soon: 0, on_track: 0, paused: 0 };
  const products = new Map<string, { productId: string; productName: string; overdue: number; dueSoon: number; onTrack: number; paused: number }>();
  for (const row of byProduct) {
    const key = row.status as keyof typeof totals;
    totals[key] += row.n;
    const entry = products.get(row.product_id) ?? { productId: row.product_id, productName: row.product_name, overdue: 0, dueSoon: 0, onTrack: 0, paused: 0 };
    if (key === 'due_soon') entry.dueSoon += row.n;
    else if (key === 'on_track') entry.onTrack += row.n;
    else entry[key] += row.n;
    products.set(row.product_id, entry);
  }
  const now = new Date();
  return {
    timeZone: policy.timeZone,
    notifyBeforeDays: policy.notifyBeforeDays,
    totals: { overdue: totals.overdue, dueSoon: totals.due_soon, onTrack: totals.on_track, paused: totals.paused },
    products: [...products.values()].sort((a, b) => b.overdue - a.overdue || b.dueSoon - a.dueSoon || a.productName.localeCompare(b.productName)),
    clocks: urgent.map((r) => ({
      ...presentClock(r, now, policy.notifyBeforeDays),
      vulnId: r.vuln_id, componentName: r.component_name, riskClass: r.risk_class, priority: r.priority, productId: r.product_id, productName: r.product_name, releaseVersion: r.release_version,
    })),
    burndown,
  };
}

async function burndownOf(db: Db, orgId: string, days: number, zone: string) {
  const ends = lastDays(new Date(), days, zone);
  const rows = await sql<{ day_end: Date; open: number; due: number }>`
    select d.day_end,
      count(*) filter (where c.started_at <= d.day_end and (c.stopped_at is null or c.stopped_at > d.day_end))::int as open,
      count(*) filter (where c.started_at <= d.day_end and least(coalesce(c.stopped_at, 'infinity'::timestamptz), ${dueSql}) > d.day_end)::int as due
    from unnest(${arrayLiteral(ends.map((e) => e.end.toISOString()))}::timestamptz[]) as d(day_end)
    left join finding_clocks c on c.org_id = ${orgId} and c.started_at <= d.day_end
    group by d.day_end order by d.day_end`.execute(db);
  const byEnd = new Map(rows.rows.map((r) => [new Date(r.day_end).getTime(), r]));
  return ends.map((e) => ({ date: e.date, open: byEnd.get(e.end.getTime())?.open ?? 0, dueLine: byEnd.get(e.end.getTime())?.due ?? 0 }));
}
