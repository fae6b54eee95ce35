import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/platform/auth/context.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * Contracts checked against part B's vendor tables (contracts/facts.ts), dates worked by hand:
 *  - ACME-SA-2026-0001 names CVE-2026-1001, which its vulnerability says was released
 *    2026-01-10; the advisory first came out 2026-03-20 (a revision on 2026-04-01 does not
 *    move that): 21 + 28 + 20 = 69 days > 30 → breached. Its vendor_fix statement dates the
 *    patch on the revision, 2026-04-01: 21 + 28 + 31 + 1 = 81 days ≤ 90 → met.
 *  - ACME-SA-2026-0002 names CVE-2026-2002, which the hospital's intelligence knows (as an
 *    alias of GHSA-acme-0002) published 2026-02-01; advisory and fix 2026-02-15: 14 days → met.
 *  - An SBOM document received from the vendor today, the contract starting 10 days ago → met.
 * A fact recorded by hand replaces the derived one of the same kind and subject; a contract
 * covering other models sees none of it; another organization's catalog never counts.
 */
let t: TestVigil;
let org: TestOrg;
const as = {} as Record<'analyst' | 'other', { bearer: string }>;
interface Contract { id: string; status: string; obligations: { id: string; clauseId: string; status: string; evidence: { subject: string | null; status: string; detail: string }[] }[] }

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

function advisory(trackingId: string, cve: string, initial: string, current: string, vulnReleased?: string) {
  return {
    document: {
      category: 'csaf_security_advisory',
      csaf_version: '2.0',
      title: `InfuSafe 3000: ${cve}`,
      publisher: { category: 'vendor', name: 'Acme Medical Devices', namespace: 'https://acme.example' },
      tracking: { id: trackingId, version: '2', status: 'final', initial_release_date: initial, current_release_date: current, revision_history: [{ number: '1', date: initial, summary: 'Initial release.' }, { number: '2', date: current, summary: 'Fix available.' }] },
    },
    product_tree: {
      branches: [{ category: 'vendor', name: 'Acme Medical Devices', branches: [{ category: 'product_name', name: 'InfuSafe 3000 infusion pump', branches: [{ category: 'product_version', name: '2.8.1', product: { name: 'InfuSafe 3000 2.8.1', product_id: 'REL-281', product_identification_helper: { model_numbers: ['IS-3000'] } } }] }] }],
    },
    vulnerabilities: [{ cve, ...(vulnReleased ? { release_date: vulnReleased } : {}), product_status: { known_affected: ['REL-281'] }, remediations: [{ category: 'vendor_fix', details: 'Update to 3.1.4.', product_ids: ['REL-281'] }] }],
  };
}

beforeAll(async () => {
  t = await startTestVigil();
  org = await t.seedOrg('contracts-facts-h', 'healthcare_provider');
  const other = await t.seedOrg('contracts-facts-o', 'healthcare_provider');
  as.analyst = { bearer: (await createToken(t.db, systemContext(org.id), { name: 'a', role: 'analyst', expiresInDays: 1 })).secret };
  as.other = { bearer: (await createToken(t.db, systemContext(other.id), { name: 'o', role: 'analyst', expiresInDays: 1 })).secret };
  const upload = async (who: { bearer: string }, doc: object) => {
    const res = await t.api('POST', '/api/v1/vendor-documents/csaf', { as: who, body: JSON.stringify(doc), headers: { 'content-type': 'application/json' } });
    expect(res.status, res.body).toBeLessThan(300);
  };
  await upload(as.analyst, advisory('ACME-SA-2026-0001', 'CVE-2026-1001', '2026-03-20T09:00:00.000Z', '2026-04-01T09:00:00.000Z', '2026-01-10T00:00:00.000Z'));
  await upload(as.analyst, advisory('ACME-SA-2026-0002', 'CVE-2026-2002', '2026-02-15T09:00:00.000Z', '2026-02-15T09:00:00.000Z'));
  // The other hospital hears of CVE-2026-3003 from the same vendor 200 days late: never ours.
  await upload(as.other, advisory('ACME-SA-2026-0003', 'CVE-2026-3003', '2026-08-01T00:00:00.000Z', '2026-08-01T00:00:00.000Z', '2026-01-13T00:00:00.000Z'));
  const source = await t.db.insertInto('intel_sources').values({ org_id: org.id, kind: 'osv', name: 'OSV upload' }).returning('id').executeTakeFirstOrThrow();
  await t.db.insertInto('intel_records').values({ org_id: org.id, source_id: source.id, record_id: 'GHSA-acme-0002', record_kind: 'osv', vuln_id: 'GHSA-acme-0002', aliases: ['CVE-2026-2002'], published: '2026-02-01T00:00:00Z', modified: '2026-02-02T00:00:00Z', content_hash: 'x' }).execute();
  // An SBOM the vendor delivered (part B's SBOM intake writes these rows).
  const vendor = await t.db.selectFrom('vendors').select('id').where('org_id', '=', org.id).where('name_key', '=', 'acme').executeTakeFirstOrThrow();
  await t.db.insertInto('vendor_documents').values({ org_id: org.id, vendor_id: vendor.id, kind: 'sbom', format: 'cyclonedx-json', source: 'upload', doc_key: 'sbom-281', sha256: 'a'.repeat(64), signature_status: 'not_checked', hash_status: 'not_checked' }).execute();
});
afterAll(() => t.close());

const create = async (who: { bearer: string }, body: Record<string, unknown>) => {
  const res = await t.api('POST', '/api/v1/contracts', { as: who, body: { title: 'Pump service agreement', effectiveOn: daysAgo(10), obligations: [{ clauseId: 'MC2-05' }, { clauseId: 'MC2-07' }, { clauseId: 'MC2-08' }], ...body } });
  expect(res.status, res.body).toBe(201);
  return res.json<Contract>();
};
const by = (c: Contract, clause: string) => c.obligations.find((o) => o.clauseId === clause)!;

describe('contract facts from the vendor catalog', () => {
  let id = '';
  it('a late advisory is a breach, a timely one is met; patches and SBOM deliveries come from the vendor documents', async () => {
    const c = await create(as.analyst, { vendorName: 'ACME Medical, Inc.' });
    id = c.id;
    expect(by(c, 'MC2-08').evidence).toEqual([
      { subject: 'CVE-2026-1001', status: 'breached', detail: 'vendor advisory 69 days after 2026-01-10 (2026-03-20; limit 30 days)' },
      { subject: 'CVE-2026-2002', status: 'met', detail: 'vendor advisory 14 days after 2026-02-01 (2026-02-15; limit 30 days)' },
    ]);
    expect(by(c, 'MC2-08').status).toBe('breached');
    expect(by(c, 'MC2-07').evidence).toEqual([
      { subject: 'CVE-2026-1001', status: 'met', detail: 'patch 81 days after 2026-01-10 (2026-04-01; limit 90 days)' },
      { subject: 'CVE-2026-2002', status: 'met', detail: 'patch 14 days after 2026-02-01 (2026-02-15; limit 90 days)' },
    ]);
    expect(by(c, 'MC2-05')).toMatchObject({ status: 'met', evidence: [{ status: 'met', detail: `SBOM delivered 10 days after the contract's start (${daysAgo(10)}) on ${daysAgo(0)} (limit 30 days)` }] });
    expect(c.status).toBe('breached');
  });

  it('a fact recorded by hand replaces the derived one of the same kind and subject', async () => {
    const res = await t.api('POST', `/api/v1/contracts/${id}/facts`, { as: as.analyst, body: { kind: 'advisory_published', subject: 'CVE-2026-1001', occurredAt: '2026-02-05', note: 'Vendor letter of 5 February' } });
    expect(res.status, res.body).toBe(201);
    const c = (await t.api('GET', `/api/v1/contracts/${id}`, { as: as.analyst })).json<Contract>();
    expect(by(c, 'MC2-08').evidence.map((e) => [e.subject, e.status, e.detail])).toEqual([
      ['CVE-2026-1001', 'met', 'vendor advisory 26 days after 2026-01-10 (2026-02-05; limit 30 days)'],
      ['CVE-2026-2002', 'met', 'vendor advisory 14 days after 2026-02-01 (2026-02-15; limit 30 days)'],
    ]);
    expect(c.status).toBe('met');
  });

  it('counts only covered models, and only the organization’s own catalog', async () => {
    const monitors = await create(as.analyst, { vendorName: 'Acme Medical Devices', coveredModels: ['CW 200'] });
    expect(by(monitors, 'MC2-08')).toMatchObject({ status: 'pending', evidence: [] });
    const pumps = await create(as.analyst, { vendorName: 'Acme Medical Devices', coveredModels: ['is3000'] });
    expect(by(pumps, 'MC2-08').evidence.map((e) => e.subject)).toEqual(['CVE-2026-1001', 'CVE-2026-2002']);
    const theirs = await create(as.other, { vendorName: 'Acme Medical Devices' });
    expect(by(theirs, 'MC2-08').evidence).toEqual([{ subject: 'CVE-2026-3003', status: 'breached', detail: 'vendor advisory 200 days after 2026-01-13 (2026-08-01; limit 30 days)' }]);
    expect(by(theirs, 'MC2-05')).toMatchObject({ status: 'pending' });
  });
});
