import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestVigil, TEST_PASSWORD, type TestOrg, type TestVigil } from '../support/vigil.js';

/** Structured logs carry request ids and never a password, token, cookie or CSRF value. */
let t: TestVigil;
let org: TestOrg;
let logs = '';

beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  t = await startTestVigil({ logLevel: 'trace' }, stream);
  org = await t.seedOrg('acme');
});
afterAll(() => t.close());

describe('logging', () => {
  it('logs requests as JSON lines with their ids and no secrets', async () => {
    const session = await t.login(org.users.admin.email);
    const created = await t.api('POST', '/api/v1/tokens', { as: session, body: { name: 'ci', role: 'viewer' }, headers: { 'x-request-id': 'req-logging-1' } });
    const { secret } = created.json<{ secret: string }>();
    await t.api('GET', '/api/v1/organization', { as: { bearer: secret } });
    await t.api('POST', '/api/v1/auth/login', { body: { email: org.users.owner.email, password: 'wrong password here' } });
    await new Promise((r) => setImmediate(r));

    const lines = logs.trim().split('\n').map((l) => JSON.parse(l) as { reqId?: string; msg?: string });
    expect(lines.some((l) => l.reqId === 'req-logging-1')).toBe(true);
    for (const value of [TEST_PASSWORD, 'wrong password here', secret, session.cookie.split('=')[1]!, session.csrf]) {
      expect(logs, 'a secret reached the log').not.toContain(value);
    }
  });
});
