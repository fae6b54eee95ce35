import { sql } from 'kysely';
import type { Actor } from '../auth/context.js';
import type { Executor, Tx } from '../db/database.js';
import { GENESIS_HASH, checkLink, hashEvent, type ChainedEvent, type LinkProblem } from './chain.js';

/** What a service says about a change it made. */
export interface AuditEntry {
  readonly action: string;
  readonly target: { readonly type: string; readonly id: string | null };
  /** Before/after summary; never secrets. */
  readonly summary?: Record<string, unknown>;
}

export interface AuditSource {
  readonly actor: Actor;
  readonly orgId: string | null;
  readonly requestId: string | null;
}

export const SYSTEM_CHAIN = 'system';

/**
 * Appends one event to the organization's chain inside the caller's transaction, so the
 * event exists exactly when the change does. The chain head row is locked by the UPDATE
 * until the transaction ends, which serialises writers of the same chain.
 */
export async function recordAudit(tx: Tx, source: AuditSource, entry: AuditEntry): Promise<void> {
  const chainId = source.orgId ?? SYSTEM_CHAIN;
  const head = await advanceHead(tx, chainId);
  const event: ChainedEvent = {
    chainId,
    seq: head.seq,
    orgId: source.orgId,
    at: new Date().toISOString(),
    actor: { type: source.actor.type, id: source.actor.id, label: source.actor.label },
    action: entry.action,
    target: { type: entry.target.type, id: entry.target.id },
    summary: entry.summary ?? {},
    requestId: source.requestId,
  };
  const hash = hashEvent(head.prevHash, event);
  await tx
    .insertInto('audit_events')
    .values({
      chain_id: chainId,
      seq: event.seq,
      org_id: event.orgId,
      at: event.at,
      actor_type: source.actor.type,
      actor_id: event.actor.id,
      actor_label: event.actor.label,
      action: event.action,
      target_type: event.target.type,
      target_id: event.target.id,
      summary: JSON.stringify(event.summary),
      request_id: event.requestId,
      prev_hash: head.prevHash,
      hash,
    })
    .execute();
  await tx.updateTable('audit_chains').set({ hash }).where('chain_id', '=', chainId).execute();
}

async function advanceHead(tx: Tx, chainId: string): Promise<{ seq: number; prevHash: string }> {
  const bump = () =>
    tx
      .updateTable('audit_chains')
      .set({ seq: sql`seq + 1` })
      .where('chain_id', '=', chainId)
      .returning(['seq', 'hash'])
      .executeTakeFirst();
  let row = await bump();
  if (!row) {
    await tx
      .insertInto('audit_chains')
      .values({ chain_id: chainId, seq: 0, hash: GENESIS_HASH })
      .onConflict((oc) => oc.column('chain_id').doNothing())
      .execute();
    row = await bump();
  }
  if (!row) throw new Error(`audit chain ${chainId} could not be advanced`);
  return { seq: Number(row.seq), prevHash: row.hash };
}

export interface ChainVerification {
  readonly chainId: string;
  readonly ok: boolean;
  readonly checked: number;
  /** The first link that does not hold, when one does not. */
  readonly firstBroken?: { readonly seq: number; readonly eventId: number | null; readonly problem: LinkProblem | 'missing events at the end' };
}

/**
 * Walks a chain in sequence order, recomputing every hash. Reads in pages so memory stays
 * flat however long the trail is. `onProgress` is told how many events were checked.
 */
export async function verifyChain(
  db: Executor,
  chainId: string,
  onProgress?: (checked: number) => Promise<void> | void,
): Promise<ChainVerification> {
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('chain_id', '=', chainId)
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(1000)
      .execute();
    for (const row of rows) {
      const event: ChainedEvent = {
        chainId: row.chain_id,
        seq: Number(row.seq),
        orgId: row.org_id,
        at: new Date(row.at).toISOString(),
        actor: { type: row.actor_type, id: row.actor_id, label: row.actor_label },
        action: row.action,
        target: { type: row.target_type, id: row.target_id },
        summary: row.summary,
        requestId: row.request_id,
      };
      const problem = checkLink({ event, prevHash: row.prev_hash, hash: row.hash }, expectedSeq, prev);
      if (problem) return { chainId, ok: false, checked, firstBroken: { seq: expectedSeq, eventId: Number(row.id), problem } };
      prev = row.hash;
      expectedSeq++;
      checked++;
    }
    if (onProgress) await onProgress(checked);
    if (rows.length < 1000) break;
  }
  const head = await db.selectFrom('audit_chains').select(['seq', 'hash']).where('chain_id', '=', chainId).executeTakeFirst();
  if (head && (Number(head.seq) !== checked || head.hash !== prev)) {
    return { chainId, ok: false, checked, firstBroken: { seq: checked + 1, eventId: null, problem: 'missing events at the end' } };
  }
  return { chainId, ok: true, checked };
}
