import { createHash } from 'node:crypto';
import { caseAcknowledgments, mergeCaseDrafts, withCaseCve } from '../../formats/csaf/case-draft.js';
import { draftAdvisory } from '../../formats/csaf/draft.js';
import { readAdvisory, writeAdvisory, CSAF_PROFILES, TLP_LABELS, TRACKING_STATUSES, type CsafProfile } from '../../formats/csaf/model.js';
import { csafFileName, nextPublishedVersion } from '../../formats/csaf/naming.js';
import { validateAdvisoryDocument, type CsafValidationResult } from '../../formats/csaf/validate.js';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Config } from '../../platform/config.js';
import type { Db, Executor } from '../../platform/db/database.js';
import { conflict, notFound, Problem } from '../../platform/http/problem.js';
import { recordCaseEvent } from '../cvd/service.js';
import { caseForAdvisory, gatherCase } from './case-gather.js';
import { gatherDraft, nextTrackingId } from './gather.js';
import { signDetached, signingKey } from './keys.js';

/**
 * Advisories: a CSAF 2.0 document per advisory, generated as a draft from findings, edited as
 * a whole document (the editor writes the form's fields into it), validated, and published into
 * the organization's trusted-provider directory as an immutable, hashed and signed version.
 * Tracking columns mirror the document so lists need not parse it.
 */

export type Tlp = (typeof TLP_LABELS)[number];
type Status = (typeof TRACKING_STATUSES)[number];

export interface CreateInput {
  readonly vulnerabilityId?: string | undefined;
  readonly findingIds?: readonly string[] | undefined;
  readonly caseId?: string | undefined;
  readonly profile?: CsafProfile | undefined;
  readonly tlp?: Tlp | undefined;
  readonly patientSafety?: string | undefined;
}

/** CSAF's publisher namespace: the server's public URL, else a URN naming the organization (the VEX export's rule). */
export function publisherNamespace(config: Config, slug: string): string {
  return config.publicUrl ?? `urn:vigil:org:${slug}`;
}

async function org(db: Executor, orgId: string) {
  return db.selectFrom('organizations').select(['id', 'name', 'slug']).where('id', '=', orgId).executeTakeFirstOrThrow();
}

const columns = ['id', 'tracking_id', 'title', 'profile', 'status', 'tlp', 'version', 'vulnerability_id', 'case_id', 'revision', 'published_at', 'created_by', 'created_at', 'updated_at'] as const;

function mirror(doc: Record<string, unknown>) {
  const m = readAdvisory(doc);
  const tlp = m.tlp?.label ?? 'WHITE';
  return {
    tracking_id: m.tracking.id.slice(0, 200) || 'untitled',
    title: m.title.slice(0, 500) || 'Untitled advisory',
    profile: (CSAF_PROFILES as readonly string[]).includes(m.profile) ? (m.profile as CsafProfile) : 'csaf_security_advisory',
    status: ((TRACKING_STATUSES as readonly string[]).includes(m.tracking.status) ? m.tracking.status : 'draft') as Status,
    tlp: ((TLP_LABELS as readonly string[]).includes(tlp) ? tlp : 'WHITE') as Tlp,
    version: m.tracking.version.slice(0, 50) || '0',
  };
}

/**
 * A draft advisory: from a vulnerability's findings (or the given findings of one), or from a
 * CVD case's findings (then one vulnerability per vulnerability id the case covers). A case —
 * given alone or with the findings — must be the organization's (else 404); its CVE ids become
 * the vulnerabilities' cve and its reporter is credited per the case's preference.
 */
export async function createAdvisory(db: Db, ctx: OrgContext, config: Config, input: CreateInput) {
  authorize(ctx, 'advisories.write');
  const o = await org(db, ctx.orgId);
  const fromFindings = input.vulnerabilityId !== undefined || input.findingIds !== undefined;
  const fromCase = input.caseId !== undefined && !fromFindings ? await gatherCase(db, ctx.orgId, input.caseId) : undefined;
  const theCase = fromCase ?? (input.caseId !== undefined ? await caseForAdvisory(db, ctx.orgId, input.caseId) : undefined);
  const selections = fromCase ? fromCase.groups.map((g) => ({ findingIds: g.findingIds })) : [{ vulnerabilityId: input.vulnerabilityId, findingIds: input.findingIds }];
  const gathered: Awaited<ReturnType<typeof gatherDraft>>[] = [];
  for (const selection of selections) gathered.push(await gatherDraft(db, ctx.orgId, selection));
  const cveIds = theCase?.cveIds ?? [];
  const credit = theCase ? caseAcknowledgments(theCase.credit, theCase.reporterName) : [];
  const vulnerabilityIds = gathered.map((g) => g.vulnerability.id);
  const findingIds = [...new Set(gathered.flatMap((g) => g.findingIds))];
  const now = new Date();
  return db.transaction().execute(async (tx) => {
    const trackingId = await nextTrackingId(tx, ctx.orgId, o.slug, now.getUTCFullYear());
    const drafts = gathered.map((g) => draftAdvisory({
      trackingId,
      profile: input.profile ?? 'csaf_security_advisory',
      now: now.toISOString(),
      publisher: { name: o.name, namespace: publisherNamespace(config, o.slug) },
      tlp: input.tlp ?? 'WHITE',
      vulnerability: theCase ? withCaseCve(g.vulnerability, cveIds, gathered.length === 1) : g.vulnerability,
      releases: g.releases,
      findings: g.findings,
      plans: g.plans,
      ...(input.patientSafety ? { patientSafety: input.patientSafety } : {}),
    }));
    const document = writeAdvisory(mergeCaseDrafts(drafts, credit));
    const row = await tx
      .insertInto('csaf_advisories')
      .values({ org_id: ctx.orgId, ...mirror(document), vulnerability_id: vulnerabilityIds.join(', '), case_id: input.caseId ?? null, document: JSON.stringify(document), created_by: ctx.actor.label })
      .returning(columns)
      .executeTakeFirstOrThrow();
    await tx.insertInto('csaf_advisory_findings').values(findingIds.map((finding_id) => ({ advisory_id: row.id, org_id: ctx.orgId, finding_id }))).execute();
    await recordAudit(tx, ctx, { action: 'csaf.advisory.create', target: { type: 'csaf_advisory', id: row.id }, summary: { trackingId, vulnerabilityId: vulnerabilityIds.join(', '), findings: findingIds.length, caseId: input.caseId ?? null, ...(theCase ? { credit: theCase.credit } : {}) } });
    if (input.caseId !== undefined) await recordCaseEvent(tx, ctx.orgId, input.caseId, ctx.actor.label, 'advisory', { action: 'drafted', advisoryId: row.id, trackingId });
    return row;
  });
}

export async function listAdvisories(db: Db, ctx: OrgContext) {
  authorize(ctx, 'advisories.read');
  return db.selectFrom('csaf_advisories').select(columns).where('org_id', '=', ctx.orgId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(500).execute();
}

async function load(db: Executor, orgId: string, id: string, lock = false) {
  const row = await db.selectFrom('csaf_advisories').select([...columns, 'document']).where('org_id', '=', orgId).where('id', '=', id).$if(lock, (q) => q.forUpdate()).executeTakeFirst();
  if (!row) throw notFound('advisory');
  return row;
}

export async function getAdvisory(db: Db, ctx: OrgContext, id: string) {
  authorize(ctx, 'advisories.read');
  const row = await load(db, ctx.orgId, id);
  const links = await db.selectFrom('csaf_advisory_findings').select('finding_id').where('org_id', '=', ctx.orgId).where('advisory_id', '=', id).execute();
  const publications = await db.selectFrom('csaf_publications').select(['version', 'file_name', 'year', 'tlp', 'sha256', 'key_fingerprint', 'published_at']).where('org_id', '=', ctx.orgId).where('advisory_id', '=', id).orderBy('published_at').execute();
  return { ...row, findingIds: links.map((l) => l.finding_id), publications };
}

/** Replaces the document (the editor's save). Tracking id, profile etc. follow the document; saving does not validate — publishing does. */
export async function updateDocument(db: Db, ctx: OrgContext, id: string, document: Record<string, unknown>, ifRevision?: number) {
  authorize(ctx, 'advisories.write');
  return db.transaction().execute(async (tx) => {
    const before = await load(tx, ctx.orgId, id, true);
    if (ifRevision !== undefined && ifRevision !== before.revision) throw new Problem(412, 'stale-revision', `The advisory changed since revision ${ifRevision} (now ${before.revision}); reload it.`);
    const m = mirror(document);
    const clash = await tx.selectFrom('csaf_advisories').select('id').where('org_id', '=', ctx.orgId).where('tracking_id', '=', m.tracking_id).where('id', '<>', id).executeTakeFirst();
    if (clash) throw conflict(`Tracking id ${m.tracking_id} names another advisory of this organization.`);
    const published = await tx.selectFrom('csaf_publications').select('tracking_id').where('advisory_id', '=', id).limit(1).executeTakeFirst();
    if (published && published.tracking_id !== m.tracking_id) throw new Problem(422, 'tracking-id-fixed', `A published advisory keeps its tracking id (${published.tracking_id}).`, { errors: [{ pointer: '/document/tracking/id', message: 'cannot change after publication' }] });
    const row = await tx.updateTable('csaf_advisories').set({ ...m, document: JSON.stringify(document), revision: before.revision + 1, updated_at: new Date() }).where('org_id', '=', ctx.orgId).where('id', '=', id).returning(columns).executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'csaf.advisory.update', target: { type: 'csaf_advisory', id }, summary: { before: { title: before.title, status: before.status, tlp: before.tlp, version: before.version }, after: { title: m.title, status: m.status, tlp: m.tlp, version: m.version } } });
    return row;
  });
}

export async function deleteAdvisory(db: Db, ctx: OrgContext, id: string): Promise<void> {
  authorize(ctx, 'advisories.write');
  await db.transaction().execute(async (tx) => {
    const before = await load(tx, ctx.orgId, id, true);
    if (before.published_at) throw conflict('A published advisory stays in the provider directory and cannot be deleted; publish a new version instead.');
    await tx.deleteFrom('csaf_advisories').where('org_id', '=', ctx.orgId).where('id', '=', id).execute();
    await recordAudit(tx, ctx, { action: 'csaf.advisory.delete', target: { type: 'csaf_advisory', id }, summary: { trackingId: before.tracking_id } });
  });
}

export async function validateStored(db: Db, ctx: OrgContext, id: string): Promise<CsafValidationResult> {
  authorize(ctx, 'advisories.read');
  return validateAdvisoryDocument((await load(db, ctx.orgId, id)).document);
}

const toProblem = (what: string, result: CsafValidationResult) =>
  new Problem(422, 'csaf-invalid', `${what} fails CSAF validation (${result.errors.length} error${result.errors.length === 1 ? '' : 's'}): ${result.errors[0]?.message ?? ''} at ${result.errors[0]?.pointer ?? '/'}`, {
    errors: result.errors.slice(0, 100).map((e) => ({ pointer: e.pointer, message: `${e.test === 'schema' ? 'schema' : `test ${e.test}`}: ${e.message}` })),
  });

/**
 * Publishes the advisory's next version: the document must pass the schema and every mandatory
 * test as stored, and again as it will be served (the version bumped to the next integer,
 * the revision history continued from the last publication, dates set, status final or
 * interim, a `self` reference to its place in the directory). Refused without a signing key.
 */
export async function publishAdvisory(db: Db, ctx: OrgContext, config: Config, id: string, input: { summary?: string | undefined; status?: 'final' | 'interim' | undefined; baseUrl: string }) {
  authorize(ctx, 'advisories.publish');
  const o = await org(db, ctx.orgId);
  const stored = await load(db, ctx.orgId, id);
  const asStored = await validateAdvisoryDocument(stored.document);
  if (!asStored.valid) throw toProblem('The advisory', asStored);
  const signer = await signingKey(db, ctx.orgId, config);
  const previous = await db.selectFrom('csaf_publications').select(['version', 'content', 'released_at']).where('org_id', '=', ctx.orgId).where('advisory_id', '=', id).orderBy('published_at').execute();
  const version = nextPublishedVersion(previous.map((p) => p.version));
  const now = new Date().toISOString();
  const last = previous.at(-1);
  const history = last ? readAdvisory(JSON.parse(last.content)).tracking.revisions : [];
  const model = readAdvisory(stored.document);
  const initial = previous[0] ? readAdvisory(JSON.parse(previous[0].content)).tracking.initialReleaseDate : now;
  const year = Number(initial.slice(0, 4));
  const tlp = model.tlp?.label ?? 'WHITE';
  const fileName = csafFileName(model.tracking.id);
  const selfUrl = `${input.baseUrl}/.well-known/csaf/${o.slug}/${tlp.toLowerCase()}/${year}/${fileName}`;
  const served = writeAdvisory({
    ...model,
    references: [...model.references.filter((r) => r.category !== 'self'), { category: 'self', summary: `${model.tracking.id}: this advisory in ${o.name}'s CSAF provider directory`, url: selfUrl }],
    tracking: {
      ...model.tracking,
      version,
      status: input.status ?? 'final',
      initialReleaseDate: initial,
      currentReleaseDate: now,
      revisions: [...history, { number: version, date: now, summary: input.summary ?? (version === '1' ? 'Initial release.' : `Update ${version}.`) }],
    },
  });
  const asServed = await validateAdvisoryDocument(served);
  if (!asServed.valid) throw toProblem('The advisory as it would be published', asServed);
  const content = `${JSON.stringify(served, null, 2)}\n`;
  const signature = await signDetached(signer.key, content);
  return db.transaction().execute(async (tx) => {
    const current = await load(tx, ctx.orgId, id, true);
    if (current.revision !== stored.revision) throw conflict('The advisory was edited while it was being published; publish again.');
    await tx.insertInto('csaf_publications').values({
      advisory_id: id, org_id: ctx.orgId, version, tracking_id: model.tracking.id, tlp, file_name: fileName, year, content,
      sha256: createHash('sha256').update(content).digest('hex'), sha512: createHash('sha512').update(content).digest('hex'),
      signature, key_fingerprint: signer.fingerprint, released_at: now,
    }).execute();
    const row = await tx.updateTable('csaf_advisories').set({ ...mirror(served), document: JSON.stringify(served), revision: current.revision + 1, published_at: now, updated_at: now }).where('org_id', '=', ctx.orgId).where('id', '=', id).returning(columns).executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: 'csaf.advisory.publish', target: { type: 'csaf_advisory', id }, summary: { trackingId: model.tracking.id, version, tlp, fileName, keyFingerprint: signer.fingerprint, warnings: asServed.warnings.length } });
    if (row.case_id) await recordCaseEvent(tx, ctx.orgId, row.case_id, ctx.actor.label, 'advisory', { action: 'published', advisoryId: id, trackingId: model.tracking.id, version, url: selfUrl });
    return { advisory: row, version, url: selfUrl, warnings: asServed.warnings };
  });
}

/** The stored document of one advisory (export). */
export async function advisoryDocument(db: Db, ctx: OrgContext, id: string) {
  authorize(ctx, 'advisories.read');
  const row = await load(db, ctx.orgId, id);
  return { document: row.document, fileName: csafFileName(row.tracking_id) };
}
