import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { queueNotifications, type Notification } from './outbox.js';

/**
 * The periodic clock check (every worker tick, all organizations): a running clock whose due
 * date is within the organization's notice days (default 7) gets one `clock_approaching`
 * notification, and one whose due date has passed gets one `clock_missed`. The clock row
 * remembers each, so a notification is queued once however often the tick runs; the claim is
 * FOR UPDATE SKIP LOCKED, so two workers never queue the same one.
 */
const BATCH = 500;

interface DueClock {
  id: string; org_id: string; finding_id: string; clock: string; kind: string; source: string; due: Date; missed: boolean;
  vuln_id: string; component_name: string; component_version: string | null; product_name: string; release_version: string;
}

export async function checkClocks(db: Db): Promise<{ approaching: number; missed: number }> {
  const counts = { approaching: 0, missed: 0 };
  for (;;) {
    const done = await db.transaction().execute(async (tx) => {
      const rows = await sql<DueClock>`
        select c.id, c.org_id, c.finding_id, c.clock, c.kind, c.source, d.due, d.due <= now() as missed,
          f.vuln_id, f.component_name, f.component_version, p.name as product_name, r.version as release_version
        from finding_clocks c
        cross join lateral (select c.base_due_at + c.paused_ms * interval '1 millisecond' as due) d
        left join clock_settings s on s.org_id = c.org_id
        join findings f on f.id = c.finding_id
        join releases r on r.id = f.release_id
        join products p on p.id = r.product_id
        where c.state = 'running'
          and ((d.due <= now() and c.missed_notified_at is null)
            or (d.due > now() and c.approaching_notified_at is null and d.due <= now() + coalesce(s.notify_before_days, 7) * interval '1 day'))
        order by d.due
        limit ${BATCH}
        for update of c skip locked`.execute(tx);
      if (rows.rows.length === 0) return true;
      const byOrg = new Map<string, Notification[]>();
      for (const c of rows.rows) {
        const due = new Date(c.due).toISOString();
        const where = `${c.product_name} ${c.release_version} (${c.component_name}${c.component_version ? ` ${c.component_version}` : ''})`;
        const n: Notification = {
          event: c.missed ? 'clock_missed' : 'clock_approaching',
          dedupeKey: `${c.missed ? 'missed' : 'approaching'}:${c.id}`,
          title: c.missed ? `Missed: ${c.clock} clock of ${c.vuln_id} in ${where}` : `Due soon: ${c.clock} clock of ${c.vuln_id} in ${where}`,
          text: c.missed ? `The ${c.clock} clock of ${c.vuln_id} in ${where} was due ${due} and is still running.` : `The ${c.clock} clock of ${c.vuln_id} in ${where} is due ${due}.`,
          finding: { id: c.finding_id, vulnId: c.vuln_id, productName: c.product_name, releaseVersion: c.release_version, componentName: c.component_name, componentVersion: c.component_version },
          clock: { id: c.id, clock: c.clock, dueAt: due, kind: c.kind, source: c.source },
        };
        byOrg.set(c.org_id, [...(byOrg.get(c.org_id) ?? []), n]);
      }
      for (const [orgId, list] of byOrg) await queueNotifications(tx, orgId, list);
      const missed = rows.rows.filter((c) => c.missed).map((c) => c.id);
      const approaching = rows.rows.filter((c) => !c.missed).map((c) => c.id);
      // A clock found already missed is marked approached too: the approaching notice is moot.
      if (missed.length > 0) await tx.updateTable('finding_clocks').set({ missed_notified_at: sql<Date>`now()`, approaching_notified_at: sql<Date>`coalesce(approaching_notified_at, now())` }).where('id', 'in', missed).execute();
      if (approaching.length > 0) await tx.updateTable('finding_clocks').set({ approaching_notified_at: sql<Date>`now()` }).where('id', 'in', approaching).execute();
      counts.missed += missed.length;
      counts.approaching += approaching.length;
      return rows.rows.length < BATCH;
    });
    if (done) return counts;
  }
}
