import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { validateAgainstSchema } from '../../src/formats/cyclonedx/index.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { createCliTarget, runCli, type CliTarget } from '../support/cli.js';

/** The `vigil` admin verbs, run as child processes, with their exit codes (0 ok, 1 check failed, 2 usage/input). */
let target: CliTarget;
const vigil = (...args: string[]) => runCli(args, target.env);

beforeAll(async () => {
  target = await createCliTarget();
});
afterAll(() => target.cleanup());

describe('vigil CLI', () => {
  it('prints help for every verb and exits 0', async () => {
    const top = await vigil('--help');
    expect(top.code).toBe(0);
    for (const verb of ['serve', 'migrate', 'org', 'user', 'token', 'audit', 'demo']) expect(top.stdout).toContain(verb);
    const sub = await vigil('token', 'create', '--help');
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('--org <slug>');
  });

  it('creates an organization, a user and a token, then verifies the audit trail', async () => {
    expect((await vigil('migrate')).code).toBe(0);
    const org = await vigil('org', 'create', '--name', 'Acme Medical', '--kind', 'manufacturer');
    expect(org.stdout).toMatch(/Created organization acme-medical/);
    const user = await vigil('user', 'create', '--email', 'Ada@Acme.test', '--name', 'Ada', '--org', 'acme-medical', '--role', 'admin');
    expect(user.code).toBe(0);
    expect(user.stdout).toMatch(/Password \(shown once\): \S{20}/);
    const reset = await vigil('user', 'reset-password', '--email', 'ada@acme.test', '--password', 'a brand new passphrase');
    expect(reset.code).toBe(0);
    const token = await vigil('token', 'create', '--org', 'acme-medical', '--name', 'ci', '--role', 'analyst', '--days', '30');
    expect(token.code).toBe(0);
    const tokenId = /Created token ([0-9a-f-]{36})/.exec(token.stdout)![1]!;
    expect(token.stdout).toMatch(/^vgl_[\w-]{43}$/m);
    expect((await vigil('token', 'revoke', '--org', 'acme-medical', '--id', tokenId)).code).toBe(0);
    const verify = await vigil('audit', 'verify');
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^ok +\S+: 4 events$/m); // organization.create, member.add, token.create, token.revoke
  });

  it('names the first broken link after a row is tampered with, and exits 1', async () => {
    const db = await target.open();
    try {
      const org = await db.kysely.selectFrom('organizations').select('id').where('slug', '=', 'acme-medical').executeTakeFirstOrThrow();
      // An attacker with database rights must first switch off the append-only trigger.
      await db.query('alter table audit_events disable trigger audit_events_no_update');
      await db.query(`update audit_events set summary = '{"after":{"role":"owner"}}' where chain_id = $1 and seq = 2`, [org.id]);
      await db.query('alter table audit_events enable trigger audit_events_no_update');
    } finally {
      await db.close();
    }
    const verify = await vigil('audit', 'verify', '--org', 'acme-medical');
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/BROKEN .*first broken link at seq 2 \(event id \d+\): content hash mismatch/);
  });

  it('refuses updates and deletes of audit rows in the database itself', async () => {
    const db = await target.open();
    try {
      await expect(db.query('delete from audit_events')).rejects.toThrow(/append-only/);
      await expect(db.query(`update audit_events set action = 'x'`)).rejects.toThrow(/append-only/);
    } finally {
      await db.close();
    }
  });

  it('imports an SBOM into a release and exports it in another format', async () => {
    const db = await target.open();
    try {
      const org = await db.kysely.selectFrom('organizations').select('id').where('slug', '=', 'acme-medical').executeTakeFirstOrThrow();
      const product = await createProduct(db.kysely, systemContext(org.id), { name: 'InfuSafe 3000' });
      await createRelease(db.kysely, systemContext(org.id), product.id, { version: '3.1.4' });
    } finally {
      await db.close();
    }
    const file = fileURLToPath(new URL('../../src/formats/spdx/testdata/debian-gateway-2.3.spdx.json', import.meta.url));
    const imported = await vigil('import', 'sbom', '--org', 'acme-medical', '--product', 'infusafe 3000', '--release', '3.1.4', file);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^Imported revision 1 \(spdx-json 2\.3, \d+ components\)\.$/m);
    const exported = await vigil('export', 'sbom', '--org', 'acme-medical', '--product', 'InfuSafe 3000', '--release', '3.1.4', '--format', 'cyclonedx-json');
    expect(exported.code).toBe(0);
    expect(validateAgainstSchema(JSON.parse(exported.stdout), '1.6', true)).toEqual([]);
    const missing = await vigil('import', 'sbom', '--org', 'acme-medical', '--product', 'InfuSafe 3000', '--release', '9.9', file);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No release 9.9');
  });

  it('imports OSV and KEV files into sources and reports what changed', async () => {
    const folder = fileURLToPath(new URL('../../src/formats/osv/testdata/osv', import.meta.url));
    const osv = await vigil('import', 'osv', '--org', 'acme-medical', folder);
    expect(osv.code, osv.stderr).toBe(0);
    // Five real records in the fixture folder, none seen before.
    expect(osv.stdout).toMatch(/inserted: 5, updated: 0, unchanged: 0, issues: 0/);
    const kev = await vigil('import', 'kev', '--org', 'acme-medical', fileURLToPath(new URL('../../src/formats/kev/testdata/kev-excerpt.json', import.meta.url)));
    expect(kev.code, kev.stderr).toBe(0);
    expect(kev.stdout).toMatch(/entries: \d+/);
    const missing = await vigil('import', 'epss', '--org', 'acme-medical', '/nonexistent/epss.csv');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Cannot read /nonexistent/epss.csv');
    // The one SBOM imported above (InfuSafe 3000 3.1.4) is the organization's only current one.
    const rematch = await vigil('intel', 'rematch', '--org', 'acme-medical');
    expect(rematch.code, rematch.stderr).toBe(0);
    expect(rematch.stdout).toMatch(/^Rematched 1 SBOMs: 0 findings opened, 0 reopened, 0 closed/);
  });

  it('exits 2 with a clear message on usage and input errors', async () => {
    const badKind = await vigil('org', 'create', '--name', 'X', '--kind', 'bogus');
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toContain('--kind must be one of manufacturer, healthcare_provider, both');
    expect((await vigil('no-such-verb')).code).toBe(2);
    expect((await vigil('token', 'create', '--org', 'acme-medical')).code).toBe(2); // missing --name
    const noOrg = await vigil('token', 'create', '--org', 'nope', '--name', 'x');
    expect(noOrg.code).toBe(2);
    expect(noOrg.stderr).toContain('No organization with slug "nope"');
    const weak = await vigil('user', 'create', '--email', 'b@acme.test', '--name', 'B', '--password', 'short');
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('at least 12 characters');
    expect(weak.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
