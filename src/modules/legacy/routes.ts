import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { orgOf } from '../../platform/http/auth.js';
import type { HttpServer } from '../../platform/http/server.js';
import { IdParams, Timestamp } from '../../platform/http/schemas.js';
import { deletePlan, legacyRegister, listReminders, remindEndOfSupport, savePlan } from './service.js';

export const LEGACY_REMINDER_TICK = 'legacy.eos-reminders';

/** On workers: the daily end-of-support reminder tick. */
export function registerLegacyJobs(deps: Deps): void {
  deps.jobs.every(LEGACY_REMINDER_TICK, 24 * 60 * 60 * 1000, () => remindEndOfSupport(deps.database.kysely));
}

const Stage = z.enum(['development', 'support', 'limited_support', 'end_of_support']);
const Day = z.iso.date();
const Control = z.strictObject({ control: z.string().trim().min(1).max(200), description: z.string().max(2000).optional(), status: z.enum(['planned', 'in_place', 'verified']) });
const PlanBody = z.strictObject({
  manufacturer: z.string().trim().min(1).max(200),
  model: z.string().trim().min(1).max(200),
  lifecycleStage: Stage.nullable().optional().describe('Entered by hand; otherwise taken from the matched vendor release'),
  endOfLifeOn: Day.nullable().optional(),
  endOfGuaranteedSupportOn: Day.nullable().optional(),
  endOfSupportOn: Day.nullable().optional(),
  compensatingControls: z.array(Control).max(50).optional(),
  decision: z.enum(['continue', 'replace', 'decommission', 'accept_risk']).nullable().optional(),
  replacementModel: z.string().max(200).nullable().optional(),
  budgetYear: z.number().int().min(2000).max(2100).nullable().optional(),
  estimatedCost: z.number().min(0).max(999_999_999_999).nullable().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  riskAcceptedBy: z.string().max(200).nullable().optional(),
  riskAcceptedOn: Day.nullable().optional(),
  nextReviewOn: Day.nullable().optional(),
  reminderDays: z.array(z.number().int().min(1).max(1825)).max(10).optional(),
  notes: z.string().max(8000).nullable().optional(),
});
const Item = z.object({
  manufacturer: z.string(), model: z.string(), assets: z.number(), patientConnected: z.number(), departments: z.array(z.string()),
  lifecycleStage: Stage.nullable(), stageSource: z.enum(['manual', 'vendor']).nullable(), endOfLifeOn: z.string().nullable(), endOfGuaranteedSupportOn: z.string().nullable(), endOfSupportOn: z.string().nullable(), daysToEndOfSupport: z.number().nullable(),
  plan: z.object({ id: z.string(), decision: z.string().nullable(), replacementModel: z.string().nullable(), budgetYear: z.number().nullable(), estimatedCost: z.number().nullable(), currency: z.string(), compensatingControls: z.array(z.object({ control: z.string(), description: z.string().optional(), status: z.string() })), riskAcceptedBy: z.string().nullable(), riskAcceptedOn: z.string().nullable(), nextReviewOn: z.string().nullable(), reminderDays: z.array(z.number()), notes: z.string().nullable(), updatedBy: z.string(), updatedAt: Timestamp }).nullable(),
  lastReminder: z.object({ daysBefore: z.number(), sentAt: Timestamp }).nullable(),
  flags: z.array(z.string()),
});

export function legacyRoutes(app: HttpServer, deps: Deps): void {
  const db = deps.database.kysely;
  const tags = ['legacy'];
  app.get('/api/v1/legacy', { config: { action: 'fleet.read' }, schema: { tags, summary: 'Legacy register: every fleet model by end-of-support date with lifecycle stage (manual or vendor), plan, flags and replacement budget per year', response: { 200: z.object({ today: z.string(), items: z.array(Item), budget: z.array(z.object({ year: z.number(), currency: z.string(), total: z.number(), models: z.number() })) }) } } }, async (request) => legacyRegister(db, orgOf(request)));
  app.put('/api/v1/legacy/plans', { config: { action: 'fleet.write' }, schema: { tags, summary: 'Create or update the plan of a manufacturer + model (fields left out are kept)', body: PlanBody, response: { 200: z.object({ id: z.string(), created: z.boolean() }) } } }, async (request) => savePlan(db, orgOf(request), request.body));
  app.delete('/api/v1/legacy/plans/:id', { config: { action: 'fleet.write' }, schema: { tags, summary: 'Delete a plan', params: IdParams } }, async (request, reply) => {
    await deletePlan(db, orgOf(request), request.params.id);
    return reply.status(204).send();
  });
  app.get('/api/v1/legacy/reminders', { config: { action: 'fleet.read' }, schema: { tags, summary: 'End-of-support reminders sent, newest first', response: { 200: z.object({ items: z.array(z.object({ planId: z.string(), manufacturer: z.string(), model: z.string(), daysBefore: z.number(), endOfSupportOn: z.string(), sentAt: Timestamp })) }) } } }, async (request) => ({ items: await listReminders(db, orgOf(request)) }));
}
