import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptRisk } from '../../src/modules/risk/acceptance.js';
import { createRisk } from '../../src/modules/risk/service.js';
import { createProduct } from '../../src/modules/portfolio/service.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { can, type Action } from '../../src/platform/auth/permissions.js';
import { ROLES, startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * Every risk-register route × every role (signed in) × own/other organization, expected from
 * the permission table: without the route's permission 403; with it, the other
 * organization's item is a 404 and the own one succeeds. The route table must name exactly
 * these routes with these permissions, so a new route cannot slip in unchecked.
 */
interface Spec {
  readonly action: Action;
  readonly success: number;
  /** Creates the item the request acts on in `org`; returns its id. */
  readonly prepare?: (org: TestOrg) => Promise<string>;
  readonly body?: (org: TestOrg) => unknown;
}

let t: TestVigil;
let own: TestOrg;
let other: TestOrg;
const products = new Map<string, string>();
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function freshRisk(org: TestOrg): Promise<string> {
  return (await createRisk(t.db, systemContext(org.id), { productId: products.get(org.id)!, title: 'Matrix item', likelihood: 'remote', severity: 'minor' })).id;
}
async function acceptedRisk(org: TestOrg): Promise<string> {
  const id = await freshRisk(org);
  await acceptRisk(t.db, systemContext(org.id), id, { rationale: 'ok', expiresOn: inDays(30) });
  return id;
}

const SPECS: Record<string, Spec> = {
  'GET /api/v1/risks': { action: 'risk.read', success: 200 },
  'POST /api/v1/risks': { action: 'risk.write', success: 201, body: (org) => ({ productId: products.get(org.id), title: 'New', likelihood: 'remote', severity: 'minor' }) },
  'GET /api/v1/risks/heatmap': { action: 'risk.read', success: 200 },
  'GET /api/v1/risks.csv': { action: 'risk.read', success: 200 },
  'GET /api/v1/risks/:id': { action: 'risk.read', success: 200, prepare: freshRisk },
  'PATCH /api/v1/risks/:id': { action: 'risk.write', success: 200, prepare: freshRisk, body: () => ({ harm: 'edited' }) },
  'DELETE /api/v1/risks/:id': { action: 'risk.write', success: 204, prepare: freshRisk },
  'POST /api/v1/risks/:id/acceptance': { action: 'risk.accept', success: 200, prepare: freshRisk, body: () => ({ rationale: 'fine', expiresOn: inDays(60) }) },
  'POST /api/v1/risks/:id/acceptance/revoke': { action: 'risk.accept', success: 200, prepare: acceptedRisk, body: () => ({ reason: 'changed' }) },
};

beforeAll(async () => {
  t = await startTestVigil();
  own = await t.seedOrg('risk-own');
  other = await t.seedOrg('risk-else');
  for (const org of [own, other]) products.set(org.id, (await createProduct(t.db, systemContext(org.id), { name: 'Monitor' })).id);
});
afterAll(() => t.close());

describe('risk register authorization', () => {
  it('the route table names exactly these risk routes, each with its permission', () => {
    const routes = t.app.routeTable.filter((r) => r.url.startsWith('/api/v1/risks'));
    expect(Object.fromEntries(routes.map((r) => [`${r.method} ${r.url}`, r.action]))).toEqual(Object.fromEntries(Object.entries(SPECS).map(([k, s]) => [k, s.action])));
  });

  it('answers every route for every role and organization as the permission table says', async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      const caller = await t.login(own.users[role].email);
      for (const [key, spec] of Object.entries(SPECS)) {
        const [method, url] = key.split(' ') as [string, string];
        for (const target of spec.prepare ? [own, other] : [own]) {
          const id = spec.prepare ? await spec.prepare(target) : '';
          // A create for the other organization names its product: a 404 like any other record of theirs.
          const bodyOrg = spec.prepare ? own : target;
          const res = await t.api(method, url.replace(':id', id), { as: caller, ...(spec.body ? { body: spec.body(bodyOrg) } : {}) });
          const expected = !can(role, spec.action) ? 403 : target === own ? spec.success : 404;
          if (res.status !== expected) failures.push(`${role} ${key} (${target === own ? 'own' : 'other'}): ${res.status}, expected ${expected} ${res.body.slice(0, 120)}`);
        }
      }
      const create = SPECS['POST /api/v1/risks']!;
      const res = await t.api('POST', '/api/v1/risks', { as: caller, body: create.body!(other) });
      const expected = can(role, 'risk.write') ? 404 : 403;
      if (res.status !== expected) failures.push(`${role} POST /api/v1/risks with the other organization's product: ${res.status}, expected ${expected}`);
    }
    expect(failures).toEqual([]);
  });
});
