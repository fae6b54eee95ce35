import { forbidden } from '../http/problem.js';
import { can, type Action, type Role } from './permission-table.js';

export { ROLES, PERMISSIONS, can, outranks, type Action } from './permission-table.js';

/** Throws 403 unless `role` may perform `action`. The services' single gate. */
export function authorize(ctx: { role: Role }, action: Action): void {
  if (!can(ctx.role, action)) throw forbidden();
}
