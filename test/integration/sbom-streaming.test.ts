import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { parseCycloneDxJson } from '../../src/formats/cyclonedx/index.js';
import { systemContext, SYSTEM_ACTOR, type OrgContext } from '../../src/platform/auth/context.js';
import type { Db } from '../../src/platform/db/database.js';
import { Problem } from '../../src/platform/http/problem.js';
import { createOrganization } from '../../src/modules/orgs/service.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { documentToRows } from '../../src/modules/sbom/rows.js';
import { importSbom } from '../../src/modules/sbom/service.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * The streaming CycloneDX JSON import through the service, on PGlite (and PostgreSQL with
 * VIGIL_TEST_DATABASE_URL): a document of 12,000 components is stored batch by batch in one
 * transaction, equal row for row to what the whole-document reader makes of it; an error found
 * deep in the stream — by the schema, by a post-check after batches were written, or a
 * truncation — leaves nothing behind.
 */
const N = 12_000;

const ref = (i: number): string => `pkg:npm/streamed-${i}@1.${i % 10}.0`;

function component(i: number): Record<string, unknown> {
  const c: Record<string, unknown> = {
    type: 'library',
    'bom-ref': ref(i),
    name: `streamed-${i}`,
    version: `1.${i % 10}.0`,
    purl: ref(i),
    description: `component "${i}" with a \\ and ünïcödé 𝄞`,
    hashes: [{ alg: 'SHA-256', content: i.toString(16).padStart(64, '0') }],
    licenses: [{ license: { id: i % 2 ? 'MIT' : 'Apache-2.0' } }],
    externalReferences: [{ type: 'vcs', url: `https://example.com/streamed-${i}.git` }],
    properties: [{ name: 'vigil:support:end-of-support', value: '2031-12-31' }],
  };
  if (i % 1000 === 7) c['components'] = [{ type: 'file', name: `streamed-${i}/index.js` }];
  return c;
}

/** Components first, metadata and dependencies after them (the reader must not need them earlier). */
function bom(edit: (components: Record<string, unknown>[]) => void = () => {}): Record<string, unknown> {
  const components = Array.from({ length: N }, (_, i) => component(i));
  // No bom-ref and a purl that a later component uses as its bom-ref: its generated ref must step aside.
  components[3] = { type: 'library', name: 'unnamed', purl: ref(N - 1) };
  edit(components);
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    version: 1,
    components,
    dependencies: [{ ref: 'device', dependsOn: [ref(0), ref(1)] }, ...Array.from({ length: N - 1 }, (_, i) => ({ ref: ref(i), dependsOn: [ref(i + 1)] }))],
    services: [{ 'bom-ref': 'cloud', name: 'telemetry' }],
    metadata: { timestamp: '2026-11-23T00:00:00Z', component: { type: 'device', 'bom-ref': 'device', name: 'infusion pump' } },
  };
}

let t: TestDatabase;
let db: Db;
let ctx: OrgContext;
let productId: string;

beforeAll(async () => {
  t = await createTestDatabase(inject('databaseTemplate'));
  db = t.database.kysely;
  const org = await db.transaction().execute((tx) => createOrganization(tx, SYSTEM_ACTOR, { name: 'Streaming', kind: 'manufacturer' }, null));
  ctx = systemContext(org.id);
  productId = (await createProduct(db, ctx, { name: 'Pump' })).id;
});
afterAll(() => t.drop());

let releases = 0;
const newRelease = async () => (await createRelease(db, ctx, productId, { version: `1.${releases++}` })).id;

const counts = async () => ({
  sboms: Number((await db.selectFrom('sboms').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
  components: Number((await db.selectFrom('sbom_components').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
  audit: Number((await db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'sbom.import').executeTakeFirstOrThrow()).n),
});

async function refused(text: string | Buffer): Promise<Problem> {
  const error = await importSbom(db, ctx, await newRelease(), Buffer.from(text)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Problem);
  return error as Problem;
}

describe('streaming CycloneDX JSON import', () => {
  it('stores every component in document order, row for row as the whole-document reader maps it', async () => {
    const text = JSON.stringify(bom());
    const expected = parseCycloneDxJson(text);
    expect(expected.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const expectedRows = documentToRows(expected.document!);

    const { sbom, created } = await importSbom(db, ctx, await newRelease(), gzipSync(text));
    expect(created).toBe(true);
    expect(sbom).toMatchObject({ componentCount: N + 1 + N / 1000, specVersion: '1.6', serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79', name: 'infusion pump', created: '2026-11-23T00:00:00Z' });
    expect(sbom.issues).toEqual(expected.issues);

    const rows = await db.selectFrom('sbom_components').selectAll().where('sbom_id', '=', sbom.id).orderBy('ord').execute();
    expect(rows).toHaveLength(expectedRows.length);
    const comparable = (r: Record<string, unknown>) => {
      const { id: _id, sbom_id: _sbom, org_id: _org, ...rest } = r;
      return rest;
    };
    expect(rows.map(comparable)).toEqual(expectedRows);
    // The subject first, nested components after their parent, the step-aside ref, the dependency chain.
    expect(rows[0]).toMatchObject({ ord: 0, ref: 'device', parent_ref: null, depends_on: [ref(0), ref(1)] });
    expect(rows.find((r) => r.name === 'streamed-7/index.js')).toMatchObject({ parent_ref: ref(7), ref: 'component:/components/7/components/0' });
    expect(rows.find((r) => r.name === 'unnamed')?.ref).toBe(`${ref(N - 1)}#/components/3`);
    expect(rows.find((r) => r.ref === ref(100))?.depends_on).toEqual([ref(101)]);

    const header = await db.selectFrom('sboms').select(['original', 'subject_ref', 'services', 'component_count', 'size_bytes']).where('id', '=', sbom.id).executeTakeFirstOrThrow();
    expect(gunzipSync(header.original).toString()).toBe(text);
    expect(header).toMatchObject({ subject_ref: 'device', component_count: N + 1 + N / 1000, size_bytes: Buffer.byteLength(text) });
    expect(header.services).toEqual([expect.objectContaining({ ref: 'cloud', name: 'telemetry' })]);

    // The same bytes again (not gzipped this time) are the same document.
    expect((await importSbom(db, ctx, sbom.releaseId, Buffer.from(text))).created).toBe(false);
  });

  it('refuses a component invalid deep in the stream with its pointer, and writes nothing', async () => {
    const before = await counts();
    const problem = await refused(JSON.stringify(bom((c) => (c[11_000]!['purl'] = 5))));
    expect(problem.status).toBe(422);
    expect(problem.errors).toEqual([{ pointer: '/components/11000/purl', message: 'schema: must be string' }]);
    expect(await counts()).toEqual(before);
  });

  it('rolls back the batches already stored when a post-check fails at the end', async () => {
    const before = await counts();
    const problem = await refused(JSON.stringify(bom((c) => (c[11_500]!['bom-ref'] = ref(20)))));
    expect(problem.status).toBe(422);
    expect(problem.errors).toEqual([{ pointer: '/components/11500/bom-ref', message: `duplicate-ref: bom-ref "${ref(20)}" is used more than once.` }]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a truncated document and a syntax error in a late element, and writes nothing', async () => {
    const before = await counts();
    const text = JSON.stringify(bom());
    expect((await refused(text.slice(0, text.length - 100))).errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/^json-syntax: .*end of the document/) })]);
    const broken = text.replace(`"name":"streamed-11999"`, `"name":streamed-11999`);
    expect((await refused(broken)).errors).toEqual([{ pointer: '/components/11999', message: expect.stringMatching(/^json-syntax: /) }]);
    expect(await counts()).toEqual(before);
  });
});
