import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseOsvRecord } from '../../src/formats/osv/index.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { createSource, importRecords } from '../../src/modules/intel/service.js';
import { startTestVigil, type TestVigil } from '../support/vigil.js';

/**
 * Migration 0006: package keys written before NuGet ids were compared case-insensitively
 * (`osv:NuGet:System.Text.Encodings.Web`) are re-keyed lower-cased, so the record meets
 * components whose purls spell the id in lower case, as purls and NuGet's folders do.
 */
const MIGRATION = readFileSync(new URL('../../migrations/0006_nuget_package_keys.sql', import.meta.url), 'utf8');
const GHSA = readFileSync(new URL('../fixtures/intel/known-cases/nuget/GHSA-ghhp-997w-qr28.json', import.meta.url), 'utf8');

let t: TestVigil;
beforeAll(async () => {
  t = await startTestVigil();
});
afterAll(() => t.close());

it('re-keys mixed-case NuGet package keys to lower case, keeping one key per record', async () => {
  const org = await t.seedOrg('nuget-keys');
  const ctx = systemContext(org.id);
  const source = await createSource(t.db, ctx, { kind: 'osv', name: 'GitHub' });
  await importRecords(t.db, ctx, source.id, (async function* () { yield { record: parseOsvRecord(JSON.parse(GHSA)).record! }; })());
  const keys = () => t.db.selectFrom('intel_record_packages').select('package_key').where('org_id', '=', org.id).orderBy('package_key').execute();
  const current = (await keys()).map((k) => k.package_key);
  expect(current).toContain('osv:NuGet:system.text.encodings.web');
  // As version 0005 wrote it, plus the same key in both casings.
  const recordId = (await t.db.selectFrom('intel_records').select('id').where('source_id', '=', source.id).executeTakeFirstOrThrow()).id;
  await t.db.updateTable('intel_record_packages').set({ package_key: 'osv:NuGet:System.Text.Encodings.Web' }).where('package_key', '=', 'osv:NuGet:system.text.encodings.web').execute();
  await t.db.insertInto('intel_record_packages').values({ record_id: recordId, org_id: org.id, package_key: 'osv:NuGet:SYSTEM.TEXT.ENCODINGS.WEB' }).execute();
  await t.testDb.database.query(MIGRATION);
  expect((await keys()).map((k) => k.package_key)).toEqual(current);
});
