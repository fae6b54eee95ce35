import { z } from 'zod';

/** Shared request/response pieces, so every route spells them the same way. */
export const Uuid = z.uuid();
export const IdParams = z.strictObject({ id: z.uuid() });
export const RoleSchema = z.enum(['owner', 'admin', 'analyst', 'auditor', 'viewer']);
export const OrgKindSchema = z.enum(['manufacturer', 'healthcare_provider', 'both']);
export const Email = z.email().max(320);
export const Password = z.string().min(1).max(1024);
/** Dates travel as ISO 8601 strings (JSON.stringify of a Date); OpenAPI shows string/date-time. */
export const Timestamp = z.date();

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ pointer: z.string(), message: z.string() })).optional(),
  })
  .describe('RFC 9457 problem details (application/problem+json)');
