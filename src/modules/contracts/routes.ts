import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import type { HttpServer } from '../../platform/http/server.js';
import { IdParams, Timestamp } from '../../platform/http/schemas.js';
import { CLAUSES } from './checker.js';
import { addFact, createContract, deleteContract, deleteFact, getContract, listContracts, updateContract } from './service.js';

const KINDS = ['sbom_delivery', 'mds2_delivery', 'vulnerability_notification', 'patch_availability', 'incident_notification', 'eos_notice', 'evidence'] as const;
const FACT_KINDS = ['vulnerability_published', 'advisory_published', 'patch_available', 'release', 'sbom_delivered', 'mds2_delivered', 'incident_occurred', 'incident_notified', 'eos_notice', 'evidence'] as const;
const Status = z.enum(['met', 'breached', 'pending']);
const Day = z.iso.date();
const Obligation = z.strictObject({
  clauseId: z.string().regex(/^MC2-\d{2}$/),
  kind: z.enum(KINDS).optional().describe('Defaults to the clause’s kind'),
  included: z.enum(['yes', 'modified']).optional(),
  parameters: z.partialRecord(z.enum(['days', 'months', 'hours']), z.number().int().min(0).max(3650)).optional().describe('Negotiated values; defaults from the clause'),
  description: z.string().max(4000).nullable().optional(),
});
const Body = z.strictObject({
  vendorName: z.string().trim().min(1).max(200).describe('As the fleet spells the manufacturer'),
  title: z.string().trim().min(1).max(200),
  reference: z.string().max(100).nullable().optional(),
  mc2Version: z.enum(['v1', 'v2']).nullable().optional(),
  form: z.enum(['standalone', 'addendum']).nullable().optional(),
  coveredModels: z.array(z.string().min(1).max(200)).max(200).optional(),
  effectiveOn: Day,
  renewalOn: Day.nullable().optional(),
  expiresOn: Day.nullable().optional(),
  notes: z.string().max(8000).nullable().optional(),
  obligations: z.array(Obligation).max(50).optional(),
});
const Head = {
  id: z.string(), vendorName: z.string(), title: z.string(), reference: z.string().nullable(), mc2Version: z.string().nullable(), form: z.string().nullable(), coveredModels: z.array(z.string()),
  effectiveOn: z.string(), renewalOn: z.string().nullable(), expiresOn: z.string().nullable(), notes: z.string().nullable(), createdBy: z.string(), createdAt: Timestamp, updatedAt: Timestamp,
};
const Evidence = z.object({ subject: z.string().nullable(), status: Status, detail: z.string() });
const ContractView = z.object({
  ...Head,
  obligations: z.array(z.object({ id: z.string(), clauseId: z.string(), topic: z.string(), kind: z.enum(KINDS), included: z.string(), parameters: z.record(z.string(), z.number()), description: z.string().nullable(), status: Status, evidence: z.array(Evidence) })),
  facts: z.array(z.object({ id: z.string(), kind: z.enum(FACT_KINDS), subject: z.string().nullable(), occurredAt: Timestamp, endOfSupportOn: z.string().nullable(), obligationId: z.string().nullable(), note: z.string().nullable(), recordedBy: z.string() })),
  status: Status,
  gaps: z.array(z.enum(KINDS)).describe('Kinds every contract should track that this one does not'),
  warnings: z.array(z.string()).describe('Negotiated values weaker than the reference ones'),
});
const FactBody = z.strictObject({
  kind: z.enum(FACT_KINDS),
  subject: z.string().max(200).nullable().optional().describe('CVE id, "model version", incident reference'),
  occurredAt: z.union([z.iso.datetime({ offset: true }), Day]).describe('When it happened (date or date-time)'),
  endOfSupportOn: Day.nullable().optional().describe('eos_notice: the announced end-of-support date'),
  obligationId: z.uuid().nullable().optional().describe('evidence: the obligation it is for'),
  note: z.string().max(4000).nullable().optional(),
});

export function contractRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['contracts'];
  app.get('/api/v1/contracts/clauses', { config: { action: 'contracts.read' }, schema: { tags, summary: 'The MC2 clauses (jsp/contract.md) with their checkable kind and default parameter', response: { 200: z.object({ items: z.array(z.object({ id: z.string(), topic: z.string(), kind: z.enum(KINDS), parameter: z.object({ name: z.string(), default: z.number() }).optional() })) }) } } }, async () => ({ items: CLAUSES.map((c) => ({ ...c })) }));
  app.get('/api/v1/contracts', { config: { action: 'contracts.read' }, schema: { tags, summary: 'Contracts by vendor with their overall status', response: { 200: z.object({ items: z.array(z.object({ ...Head, status: Status, breached: z.number(), gaps: z.array(z.string()) })) }) } } }, async (request) => ({ items: await listContracts(db, orgOf(request)) }));
  app.post('/api/v1/contracts', { config: { action: 'contracts.write' }, schema: { tags, summary: 'Add a vendor contract with its obligations', body: Body, response: { 201: ContractView } } }, async (request, reply) => reply.status(201).send(await createContract(db, orgOf(request), request.body)));
  app.get('/api/v1/contracts/:id', { config: { action: 'contracts.read' }, schema: { tags, summary: 'A contract, its obligations checked against the facts (met / breached / pending with evidence), gaps and warnings', params: IdParams, response: { 200: ContractView } } }, async (request) => getContract(db, orgOf(request), request.params.id));
  app.patch('/api/v1/contracts/:id', { config: { action: 'contracts.write' }, schema: { tags, summary: 'Edit a contract (obligations, when given, replace the set)', params: IdParams, body: Body.partial().strict(), response: { 200: ContractView } } }, async (request) => updateContract(db, orgOf(request), request.params.id, request.body));
  app.delete('/api/v1/contracts/:id', { config: { action: 'contracts.write' }, schema: { tags, summary: 'Delete a contract', params: IdParams } }, async (request, reply) => {
    await deleteContract(db, orgOf(request), request.params.id);
    return reply.status(204).send();
  });
  app.post('/api/v1/contracts/:id/facts', { config: { action: 'contracts.write' }, schema: { tags, summary: 'Record what happened (advisory date, patch date, SBOM delivered on, EOS notice, evidence…)', params: IdParams, body: FactBody, response: { 201: z.object({ id: z.string() }) } } }, async (request, reply) =>
    reply.status(201).send(await addFact(db, orgOf(request), request.params.id, request.body)),
  );
  app.delete('/api/v1/contract-facts/:id', { config: { action: 'contracts.write' }, schema: { tags, summary: 'Delete a recorded fact', params: IdParams } }, async (request, reply) => {
    await deleteFact(db, orgOf(request), request.params.id);
    return reply.status(204).send();
  });
}
