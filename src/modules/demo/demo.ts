import { randomBytes } from 'node:crypto';
import { SYSTEM_ACTOR, systemContext } from '../../platform/auth/context.js';
import type { Db } from '../../platform/db/database.js';
import { createUser } from '../identity/service.js';
import { addMember, createOrganization } from '../orgs/service.js';

/**
 * Demo data a newcomer sees on first start. Each capability adds its part here, so the
 * demo shows Vigil working end to end. Loading is idempotent: organizations that already
 * exist (by slug) are left alone.
 */
export interface DemoResult {
  readonly organizations: string[];
  readonly users: { email: string; password: string; role: string; organization: string }[];
}

const DEMO_ORGS = [
  { slug: 'acme-medical', name: 'Acme Medical Devices', kind: 'manufacturer' as const },
  { slug: 'mercy-general', name: 'Mercy General Hospital', kind: 'healthcare_provider' as const },
];

const DEMO_PEOPLE = [
  { email: 'analyst@acme.example', name: 'Priya Analyst', org: 'acme-medical', role: 'analyst' as const },
  { email: 'auditor@acme.example', name: 'Sam Auditor', org: 'acme-medical', role: 'auditor' as const },
  { email: 'biomed@mercy.example', name: 'Jordan Biomed', org: 'mercy-general', role: 'analyst' as const },
];

/** Loads the demo organizations and people; `ownerUserId` (the first user) owns both organizations. */
export async function loadDemo(db: Db, ownerUserId: string | null): Promise<DemoResult> {
  return db.transaction().execute(async (tx) => {
    const result: DemoResult = { organizations: [], users: [] };
    const orgIds = new Map<string, string>();
    for (const org of DEMO_ORGS) {
      const existing = await tx.selectFrom('organizations').select('id').where('slug', '=', org.slug).executeTakeFirst();
      if (existing) {
        orgIds.set(org.slug, existing.id);
        continue;
      }
      const created = await createOrganization(tx, SYSTEM_ACTOR, org, ownerUserId);
      orgIds.set(org.slug, created.id);
      result.organizations.push(org.name);
    }
    for (const person of DEMO_PEOPLE) {
      const exists = await tx.selectFrom('users').select('id').where('email', '=', person.email).executeTakeFirst();
      if (exists) continue;
      const password = randomBytes(12).toString('base64url');
      const user = await createUser(tx, person.email, person.name, password);
      await addMember(tx, systemContext(orgIds.get(person.org)!), user.id, person.role);
      result.users.push({ email: person.email, password, role: person.role, organization: person.org });
    }
    return result;
  });
}
