import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOsvRecord } from '../../src/formats/osv/index.js';
import { parseCsafVex, parseCycloneDxVex, parseOpenVex, validateCsaf, validateOpenVexSchema } from '../../src/formats/vex/index.js';
import { strictValidate } from '../../src/formats/cyclonedx/test-support.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { createOrganization } from '../../src/modules/orgs/service.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { importSbom } from '../../src/modules/sbom/service.js';
import { createSource, importRecords, matchImportedSbom } from '../../src/modules/intel/service.js';
import { setAnalysis } from '../../src/modules/triage/service.js';
import { SYSTEM_ACTOR } from '../../src/platform/auth/context.js';
import { createCliTarget, runCli, type CliTarget } from '../support/cli.js';

/**
 * `vigil vex export`, `import` and `convert` with the real binary: an OpenVEX export passes its
 * schema and, imported back, restores the analysis; a contradictory file exits 2 naming the
 * statement; conversions between the formats are validated, list what the target cannot carry,
 * and refuse (exit 2, each problem named) what cannot be read or written validly.
 */

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

describe('vigil vex convert', () => {
  const testdata = (name: string) => fileURLToPath(new URL(`../../src/formats/vex/testdata/${name}`, import.meta.url));
  const states = (statements: readonly { vulnerability: { id: string }; state: string }[]) => statements.map((st) => `${st.vulnerability.id} ${st.state}`).sort();

  it('converts OpenVEX and CSAF to CycloneDX 1.6 that the strict validator accepts, listing what could not be carried', async () => {
    const out = join(dir, 'gateway.cdx.json');
    const res = await vigil('vex', 'convert', '--to', 'cyclonedx', '--out', out, testdata('gateway.openvex.json'));
    expect(res.code, res.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(await strictValidate(text, '1.6')).toBeNull();
    const source = parseOpenVex(readFileSync(testdata('gateway.openvex.json'), 'utf8'));
    expect(states(parseCycloneDxVex(text).statements)).toEqual(states(source.statements));
    // CycloneDX has no word for CISA's component_not_present, nor a place for subcomponents.
    expect(res.stderr).toContain('lost /statements/1/cisaJustification: justification component_not_present is written as code_not_present');
    expect(res.stderr).toMatch(/^lost \/statements\/0\/products\/0\/subcomponents: /m);
    expect(res.stderr).toMatch(/^Converted openvex to cyclonedx: 5 statement\(s\), \d+ value\(s\) the target cannot carry\.$/m);

    const fromCsaf = await vigil('vex', 'convert', '--to', 'cyclonedx', '--spec-version', '1.4', testdata('gateway.csaf.json'));
    expect(fromCsaf.code, fromCsaf.stderr).toBe(0);
    expect(JSON.parse(fromCsaf.stdout)).toMatchObject({ specVersion: '1.4' });
    expect(await strictValidate(fromCsaf.stdout, '1.4')).toBeNull();
    expect(states(parseCycloneDxVex(fromCsaf.stdout).statements)).toEqual(states((await parseCsafVex(readFileSync(testdata('gateway.csaf.json'), 'utf8'))).statements));
    expect(fromCsaf.stderr).toContain('lost /statements/0/firstIssued: CycloneDX 1.4 analysis has no firstIssued (added in 1.5)');
  });

  it('converts a first-version OpenVEX document to CSAF that csaf-validator-lib accepts, given the publisher namespace', async () => {
    const file = join(dir, 'pump-v1.openvex.json');
    writeFileSync(file, JSON.stringify({
      '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'https://vex.example/pump-1', author: 'Acme Medical PSIRT', role: 'vendor', timestamp: '2026-01-01T00:00:00Z', version: 1,
      statements: [
        { vulnerability: { name: 'CVE-2020-8203' }, products: [{ '@id': 'pkg:generic/acme/pump@1.0', subcomponents: [{ '@id': 'pkg:npm/lodash@4.17.15' }] }], status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path', impact_statement: 'zipObjectDeep is never called.' },
        { vulnerability: { name: 'CVE-2021-44228' }, products: [{ '@id': 'pkg:generic/acme/pump@1.0' }], status: 'affected', action_statement: 'Update to pump 1.1.' },
      ],
    }));
    const missing = await vigil('vex', 'convert', '--to', 'csaf', file);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing-publisher-namespace');
    expect(missing.stderr).toContain('(pass --publisher-namespace URL)');
    const res = await vigil('vex', 'convert', '--to', 'csaf', '--publisher-namespace', 'https://acme-medical.example', file);
    expect(res.code, res.stderr).toBe(0);
    const doc = JSON.parse(res.stdout) as Record<string, unknown>;
    expect((await validateCsaf(doc)).filter((i) => i.severity === 'error')).toEqual([]);
    const back = await parseCsafVex(res.stdout);
    expect(back.statements.map((st) => [st.vulnerability.id, st.state, st.cisaJustification, st.detail ?? st.actionStatement])).toEqual([
      ['CVE-2020-8203', 'not_affected', 'vulnerable_code_not_in_execute_path', 'zipObjectDeep is never called.'],
      ['CVE-2021-44228', 'exploitable', undefined, 'Update to pump 1.1.'],
    ]);
  });

  it('exits 2 naming each problem: an invalid input, a target that cannot hold the document validly, a bad format', async () => {
    const invalid = await vigil('vex', 'convert', '--to', 'cyclonedx', testdata('bad/not-affected-without-justification.openvex.json'));
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('The openvex document is invalid:');
    // The OpenVEX schema itself requires a justification or impact statement for not_affected.
    expect(invalid.stderr).toContain('  /statements/0/justification: schema: is required\n');
    // Version 3 with no revision history: CSAF needs an entry per version (6.1.21).
    const history = await vigil('vex', 'convert', '--to', 'csaf', '--publisher-namespace', 'https://acme-medical.example', testdata('gateway.openvex.json'));
    expect(history.code).toBe(2);
    expect(history.stderr).toContain('/document/revisions: missing-revision-history:');
    // Without versions in OpenVEX, two of the CycloneDX fixture's products become one with two statuses.
    const contradiction = await vigil('vex', 'convert', '--to', 'openvex', testdata('gateway.cdx-1.6.json'));
    expect(contradiction.code).toBe(2);
    expect(contradiction.stderr).toMatch(/contradictory-statements: without product versions the written OpenVEX says/);
    expect(contradiction.stdout).toBe('');
    expect((await vigil('vex', 'convert', '--to', 'spdx', testdata('gateway.csaf.json'))).code).toBe(2);
    const specForOpenVex = await vigil('vex', 'convert', '--to', 'openvex', '--spec-version', '1.4', testdata('gateway.csaf.json'));
    expect([specForOpenVex.code, specForOpenVex.stderr.trim()]).toEqual([2, 'vigil: --spec-version applies to CycloneDX only.']);
    expect((await vigil('vex', 'convert', '--to', 'openvex', join(dir, 'no-such-file.json'))).code).toBe(2);
  });
});
