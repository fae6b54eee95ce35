import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/platform/auth/context.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { startTestVigil, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * Public intake: the report form without an account (limits on size, attachments and rate),
 * the OpenPGP path checked against the published key with openpgp itself, security.txt
 * parsed field by field, and a <script> payload that stays inert text.
 */
let t: TestVigil;
let org: TestOrg;
let admin: { bearer: string };
let analyst: { bearer: string };
let keys: { publicKey: string; privateKey: string };
let strangerKey: string;

const post = (url: string, body: unknown, ip = '10.0.0.1') => t.app.inject({ method: 'POST', url, payload: body as object, remoteAddress: ip });

beforeAll(async () => {
  t = await startTestVigil({ publicUrl: 'https://vigil.example' });
  org = await t.seedOrg('pumps');
  await t.seedOrg('clinic', 'healthcare_provider');
  admin = { bearer: (await createToken(t.db, systemContext(org.id), { name: 'admin', role: 'admin', expiresInDays: 1 })).secret };
  analyst = { bearer: (await createToken(t.db, systemContext(org.id), { name: 'analyst', role: 'analyst', expiresInDays: 1 })).secret };
  keys = await openpgp.generateKey({ type: 'curve25519', userIDs: [{ name: 'Pumps PSIRT', email: 'psirt@pumps.example' }], format: 'armored' });
  strangerKey = (await openpgp.generateKey({ type: 'curve25519', userIDs: [{ name: 'Someone else', email: 'x@y.example' }], format: 'armored' })).publicKey;
});
afterAll(() => t.close());

describe('public report form', () => {
  it('creates a case in received with attachments, no account needed; user text is stored and returned as text', async () => {
    const payload = '<script>alert("x")</script>';
    const file = Buffer.from('%PDF-1.7 proof of concept');
    const res = await post('/api/v1/public/organizations/pumps/reports', {
      title: `Dose override ${payload}`, description: `Steps ${payload}`, reporterName: payload, reporterEmail: 'finder@example.org', credit: 'named',
      attachments: [{ fileName: 'poc.pdf', mediaType: 'application/pdf', contentBase64: file.toString('base64') }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const receipt = res.json() as { caseId: string; acknowledgeBy: string };
    const detail = await t.api('GET', `/api/v1/cvd/cases/${receipt.caseId}`, { as: analyst });
    const body = detail.json<{ item: { state: string; source: string; title: string; reporter: { name: string } }; attachments: { fileName: string; size: number; sha256: string; id: string }[] }>();
    expect(body.item).toMatchObject({ state: 'received', source: 'form', title: `Dose override ${payload}`, reporter: { name: payload } });
    expect(body.attachments).toEqual([{ id: body.attachments[0]!.id, fileName: 'poc.pdf', mediaType: 'application/pdf', size: file.length, sha256: (await import('node:crypto')).createHash('sha256').update(file).digest('hex') }]);
    const download = await t.api('GET', `/api/v1/cvd/attachments/${body.attachments[0]!.id}`, { as: analyst });
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(download.headers['content-disposition']).toBe('attachment; filename="poc.pdf"');
    expect(Buffer.from(download.body, 'binary').length).toBe(file.length);
  });

  it('refuses oversize attachments, too many attachments, bad base64 and unknown organizations, writing nothing', async () => {
    const count = async () => Number((await t.db.selectFrom('cvd_cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const big = Buffer.alloc(1024 * 1024 + 1, 1).toString('base64');
    const over = await post('/api/v1/public/organizations/pumps/reports', { title: 't', description: 'd', attachments: [{ fileName: 'a.bin', contentBase64: big }] }, '10.0.0.2');
    expect(over.statusCode).toBe(413);
    expect(over.headers['content-type']).toMatch(/problem\+json/);
    const six = Array.from({ length: 6 }, (_, i) => ({ fileName: `f${i}`, contentBase64: 'AA==' }));
    expect((await post('/api/v1/public/organizations/pumps/reports', { title: 't', description: 'd', attachments: six }, '10.0.0.2')).statusCode).toBe(400);
    expect((await post('/api/v1/public/organizations/pumps/reports', { title: 't', description: 'd', attachments: [{ fileName: 'x', contentBase64: '%%%' }] }, '10.0.0.2')).statusCode).toBe(400);
    expect((await post('/api/v1/public/organizations/clinic/reports', { title: 't', description: 'd' }, '10.0.0.2')).statusCode).toBe(404);
    const spam = await t.app.inject({ method: 'POST', url: '/api/v1/public/organizations/pumps/reports', payload: JSON.stringify({ title: 't', description: 'x'.repeat(8_000_000) }), headers: { 'content-type': 'application/json' }, remoteAddress: '10.0.0.2' });
    expect(spam.statusCode).toBe(413);
    expect(await count()).toBe(before);
  });

  it('rate-limits one IP to 10 reports per 10 minutes; another IP is unaffected', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await post('/api/v1/public/organizations/pumps/reports', { title: `r${i}`, description: 'd' }, '10.0.0.9')).statusCode);
    expect(statuses).toEqual([...Array(10).fill(201), 429]);
    expect((await post('/api/v1/public/organizations/pumps/reports', { title: 'other ip', description: 'd' }, '10.0.0.10')).statusCode).toBe(201);
  });
});

describe('OpenPGP path and security.txt', () => {
  it('publishes only an encryption-capable public key, by provider.manage', async () => {
    expect((await t.api('PUT', '/api/v1/cvd/intake-key', { as: analyst, body: { armoredKey: keys.publicKey } })).status).toBe(403);
    const priv = await t.api('PUT', '/api/v1/cvd/intake-key', { as: admin, body: { armoredKey: keys.privateKey } });
    expect(priv.status).toBe(400);
    expect(priv.json<{ detail: string }>().detail).toMatch(/private key/);
    expect((await t.api('PUT', '/api/v1/cvd/intake-key', { as: admin, body: { armoredKey: 'hello' } })).status).toBe(400);
    const put = await t.api('PUT', '/api/v1/cvd/intake-key', { as: admin, body: { armoredKey: keys.publicKey } });
    expect(put.status, put.body).toBe(200);
    const key = await openpgp.readKey({ armoredKey: keys.publicKey });
    expect(put.json<{ fingerprint: string; keyIds: string[] }>()).toMatchObject({ fingerprint: key.getFingerprint().toUpperCase(), keyIds: key.getKeyIDs().map((k) => k.toHex()) });
    const served = await t.app.inject({ method: 'GET', url: '/api/v1/public/organizations/pumps/pgp-key.asc' });
    expect((await openpgp.readKey({ armoredKey: served.body })).getFingerprint()).toBe(key.getFingerprint());
  });

  it('accepts a message encrypted to the key, stored byte for byte and decryptable with the private key; refuses others', async () => {
    const encryptionKeys = await openpgp.readKey({ armoredKey: keys.publicKey });
    const message = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'Secret: BLE pairing bypass' }), encryptionKeys, format: 'armored' });
    const res = await post('/api/v1/public/organizations/pumps/reports/encrypted', { message, reporterEmail: 'anon@example.org' }, '10.0.1.1');
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json<{ caseId: string }>().caseId;
    const stored = await t.api('GET', `/api/v1/cvd/cases/${id}/encrypted-message`, { as: analyst });
    expect(stored.body).toBe(message);
    const decrypted = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: stored.body }), decryptionKeys: await openpgp.readPrivateKey({ armoredKey: keys.privateKey }) });
    expect(decrypted.data).toBe('Secret: BLE pairing bypass');
    const toStranger = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'x' }), encryptionKeys: await openpgp.readKey({ armoredKey: strangerKey }), format: 'armored' });
    const wrong = await post('/api/v1/public/organizations/pumps/reports/encrypted', { message: toStranger }, '10.0.1.1');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<{ detail: string }>().detail).toMatch(/not to this organization's key/);
    const signedOnly = await openpgp.createMessage({ text: 'plain' });
    expect((await post('/api/v1/public/organizations/pumps/reports/encrypted', { message: signedOnly.armor() }, '10.0.1.1')).statusCode).toBe(400);
    expect((await post('/api/v1/public/organizations/pumps/reports/encrypted', { message: 'not pgp' }, '10.0.1.1')).statusCode).toBe(400);
  });

  it('serves RFC 9116 security.txt with the form, key e-mail, key URL, policy, CSAF and an expiry under a year', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/.well-known/security.txt?org=pumps' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    const fields = res.body.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]);
    const expires = fields.find(([k]) => k === 'Expires')![1]!;
    expect(fields.filter(([k]) => k !== 'Expires')).toEqual([
      ['Contact', 'https://vigil.example/report/pumps'],
      ['Contact', 'mailto:psirt@pumps.example'],
      ['Encryption', 'https://vigil.example/api/v1/public/organizations/pumps/pgp-key.asc'],
      ['Policy', 'https://vigil.example/report/pumps#policy'],
      ['CSAF', 'https://vigil.example/.well-known/csaf/provider-metadata.json'],
      ['Preferred-Languages', 'en'],
      ['Canonical', 'https://vigil.example/.well-known/security.txt?org=pumps'],
    ]);
    expect(expires).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const ahead = new Date(expires).getTime() - Date.now();
    expect(ahead).toBeGreaterThan(179 * 86_400_000);
    expect(ahead).toBeLessThan(365 * 86_400_000);
    // One manufacturer on this instance ("clinic" is a provider): it is the per-host default.
    const noExpiry = (text: string) => text.replace(/Expires: .*/, '');
    expect(noExpiry((await t.app.inject({ method: 'GET', url: '/.well-known/security.txt' })).body)).toBe(noExpiry(res.body));
    expect((await t.app.inject({ method: 'GET', url: '/.well-known/security.txt?org=clinic' })).statusCode).toBe(404);
  });
});
