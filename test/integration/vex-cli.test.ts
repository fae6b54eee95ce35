import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOsvRecord } from '../../src/formats/osv/index.js';
import { parseOpenVex, validateOpenVexSchema } from '../../src/formats/vex/index.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { createOrganization } from '../../src/modules/orgs/service.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { importSbom } from '../../src/modules/sbom/service.js';
import { createSource, importRecords, matchImportedSbom } from '../../src/modules/intel/service.js';
import { setAnalysis } from '../../src/modules/triage/service.js';
import { SYSTEM_ACTOR } from '../../src/platform/auth/context.js';
import { createCliTarget, runCli, type CliTarget } from '../support/cli.js';

/** `vigil vex export` and `vigil vex import` with the real binary: an OpenVEX export passes its schema and, imported back, restores the analysis; a contradictory file exits 2 naming the statement. */

const LODASH = {
  schema_version: '1.6.0', id: 'GHSA-p6mc-m468-83gw', modified: '2024-03-15T00:00:00Z', aliases: ['CVE-2020-8203'],
  affected: [{ package: { ecosystem: 'npm', name: 'lodash' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '3.7.0' }, { fixed: '4.17.19' }] }] }],
};

let target: CliTarget;
let dir: string;
let release: string;
let findingId: string;
const vigil = (...args: string[]) => runCli(args, target.env);

beforeAll(async () => {
  target = await createCliTarget();
  dir = mkdtempSync(join(tmpdir(), 'vigil-vex-cli-'));
  const db = await target.open();
  try {
    await migrate(db);
    const k = db.kysely;
    const org = await k.transaction().execute((tx) => createOrganization(tx, SYSTEM_ACTOR, { name: 'Acme Medical', slug: 'acme', kind: 'manufacturer' }, null));
    const ctx = systemContext(org.id);
    const source = await createSource(k, ctx, { kind: 'osv', name: 'osv' });
    await importRecords(k, ctx, source.id, (async function* () { yield { record: parseOsvRecord(LODASH).record! }; })());
    release = (await createRelease(k, ctx, (await createProduct(k, ctx, { name: 'Pump' })).id, { version: '1.0' })).id;
    const bom = { bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components: [{ type: 'library', 'bom-ref': 'lodash', name: 'lodash', version: '4.17.15', purl: 'pkg:npm/lodash@4.17.15' }] };
    const { sbom } = await importSbom(k, ctx, release, Buffer.from(JSON.stringify(bom)));
    await matchImportedSbom(k, ctx, sbom.id);
    findingId = (await k.selectFrom('findings').select('id').where('release_id', '=', release).executeTakeFirstOrThrow()).id;
    await setAnalysis(k, ctx, findingId, { state: 'not_affected', justification: 'code_not_present', detail: 'Tree-shaken out of the bundle.' });
  } finally {
    await db.close();
  }
}, 120_000);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await target.cleanup();
});

describe('vigil vex', () => {
  it('exports OpenVEX to a file and imports it back', async () => {
    const file = join(dir, 'pump.openvex.json');
    const exported = await vigil('vex', 'export', '--release', release, '--format', 'openvex', '--out', file);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toMatch(/^lost /m);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(validateOpenVexSchema(doc)).toEqual([]);
    expect(parseOpenVex(JSON.stringify(doc)).statements[0]).toMatchObject({ state: 'not_affected', cisaJustification: 'vulnerable_code_not_present', impactStatement: 'Tree-shaken out of the bundle.' });

    const db = await target.open();
    await db.kysely.updateTable('findings').set({ analysis_state: null, analysis_justification: null, analysis_detail: null }).where('id', '=', findingId).execute();
    await db.close();
    const imported = await vigil('vex', 'import', '--release', release, file);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/1 finding\(s\) changed, 0 unchanged, 0 statement\(s\) matched nothing/);
    const again = await target.open();
    expect(await again.kysely.selectFrom('findings').select(['analysis_state', 'analysis_justification', 'analysis_detail']).where('id', '=', findingId).executeTakeFirstOrThrow())
      .toEqual({ analysis_state: 'not_affected', analysis_justification: 'code_not_present', analysis_detail: 'Tree-shaken out of the bundle.' });
    await again.close();
  });

  it('exits 2 on usage errors and refused documents, naming the statement', async () => {
    expect((await vigil('vex', 'export', '--release', release, '--format', 'spdx')).code).toBe(2);
    expect((await vigil('vex', 'export', '--release', 'not-an-id')).code).toBe(2);
    const bad = join(dir, 'bad.openvex.json');
    writeFileSync(bad, JSON.stringify({
      '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'https://vex.example/1', author: 'x', timestamp: '2026-01-01T00:00:00Z', version: 1,
      statements: [{ vulnerability: { name: 'CVE-2020-8203' }, products: [{ '@id': 'pkg:npm/left-pad@1.0.0' }], status: 'fixed' }],
    }));
    const refused = await vigil('vex', 'import', '--release', release, bad);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('/statements/0: unknown-product: pkg:npm/left-pad@1.0.0 is neither Pump 1.0 nor a component of it');
  });
});
