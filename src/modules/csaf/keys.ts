import { randomBytes, scryptSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { recordAudit } from '../../platform/audit/audit.js';
import type { OrgContext } from '../../platform/auth/context.js';
import { authorize } from '../../platform/auth/permissions.js';
import type { Config } from '../../platform/config.js';
import type { Db, Executor } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';

/**
 * The organization's OpenPGP signing key for its CSAF directory. Generated (ed25519 signing,
 * curve25519 encryption subkey) or imported (armored private key + its passphrase). Either way
 * it is stored re-encrypted with a passphrase derived by scrypt from the server's key secret and
 * the organization id, so a database dump alone does not yield the key; only the public key
 * is served. A new key replaces the active one (the old one stays, inactive, for the record).
 */

export const MAX_KEY_BYTES = 64 * 1024;

/** The server secret: VIGIL_KEY_SECRET, else a random one kept in the data directory (created 0600 on first use). */
export function keySecret(config: Pick<Config, 'keySecret' | 'dataDir'>): string {
  if (config.keySecret !== undefined) return config.keySecret;
  const file = join(config.dataDir, 'csaf-key-secret');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return readFileSync(file, 'utf8').trim();
}

function passphraseFor(secret: string, orgId: string): string {
  return scryptSync(secret, `vigil-csaf-key:${orgId}`, 32, { N: 16_384, r: 8, p: 1 }).toString('base64url');
}

export interface KeyView {
  readonly id: string;
  readonly fingerprint: string;
  readonly userId: string;
  readonly algorithm: string;
  readonly publicKey: string;
  readonly createdAt: Date;
}

const present = (r: { id: string; fingerprint: string; user_id: string; algorithm: string; public_key: string; created_at: Date }): KeyView => ({
  id: r.id, fingerprint: r.fingerprint, userId: r.user_id, algorithm: r.algorithm, publicKey: r.public_key, createdAt: r.created_at,
});

export async function activeKeyRow(db: Executor, orgId: string) {
  return db.selectFrom('csaf_keys').selectAll().where('org_id', '=', orgId).where('active', '=', true).executeTakeFirst();
}

export async function activeKey(db: Db, ctx: OrgContext): Promise<KeyView | null> {
  authorize(ctx, 'advisories.read');
  const row = await activeKeyRow(db, ctx.orgId);
  return row ? present(row) : null;
}

async function store(db: Db, ctx: OrgContext, config: Config, key: openpgp.PrivateKey, how: 'generated' | 'imported'): Promise<KeyView> {
  const passphrase = passphraseFor(keySecret(config), ctx.orgId);
  const encrypted = await openpgp.encryptKey({ privateKey: key, passphrase });
  const fingerprint = key.getFingerprint().toUpperCase();
  const info = key.getAlgorithmInfo();
  const algorithm = 'curve' in info && info.curve ? `${info.algorithm}/${info.curve}` : info.algorithm;
  const userId = key.getUserIDs()[0] ?? '';
  const row = await db.transaction().execute(async (tx) => {
    await tx.updateTable('csaf_keys').set({ active: false }).where('org_id', '=', ctx.orgId).where('active', '=', true).execute();
    const inserted = await tx
      .insertInto('csaf_keys')
      .values({ org_id: ctx.orgId, fingerprint, public_key: key.toPublic().armor(), private_key: encrypted.armor(), user_id: userId, algorithm, created_by: ctx.actor.label })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, ctx, { action: `csaf.key.${how}`, target: { type: 'csaf_key', id: inserted.id }, summary: { fingerprint, algorithm, userId } });
    return inserted;
  });
  return present(row);
}

export async function generateKey(db: Db, ctx: OrgContext, config: Config, input: { name: string; email: string }): Promise<KeyView> {
  authorize(ctx, 'provider.manage');
  const { privateKey } = await openpgp.generateKey({ type: 'curve25519', userIDs: [{ name: input.name, email: input.email }], format: 'object' });
  return store(db, ctx, config, privateKey, 'generated');
}

export async function importKey(db: Db, ctx: OrgContext, config: Config, input: { armoredKey: string; passphrase?: string | undefined }): Promise<KeyView> {
  authorize(ctx, 'provider.manage');
  let key: openpgp.PrivateKey;
  try {
    key = await openpgp.readPrivateKey({ armoredKey: input.armoredKey });
  } catch (error) {
    throw new Problem(422, 'invalid-key', `Not an armored OpenPGP private key: ${(error as Error).message}`, { errors: [{ pointer: '/armoredKey', message: 'expected -----BEGIN PGP PRIVATE KEY BLOCK-----' }] });
  }
  if (!key.isDecrypted()) {
    if (!input.passphrase) throw new Problem(422, 'key-passphrase-required', 'The private key is encrypted: give its passphrase.', { errors: [{ pointer: '/passphrase', message: 'required for an encrypted key' }] });
    try {
      key = await openpgp.decryptKey({ privateKey: key, passphrase: input.passphrase });
    } catch {
      throw new Problem(422, 'key-passphrase-wrong', 'The passphrase does not decrypt the private key.', { errors: [{ pointer: '/passphrase', message: 'wrong passphrase' }] });
    }
  }
  try {
    await key.getSigningKey();
  } catch {
    throw new Problem(422, 'key-cannot-sign', 'The key has no valid signing (sub)key; CSAF signatures need one.', { errors: [{ pointer: '/armoredKey', message: 'no signing key' }] });
  }
  return store(db, ctx, config, key, 'imported');
}

/** The decrypted active private key, for signing; a clear 409 when the organization has none. */
export async function signingKey(db: Executor, orgId: string, config: Config): Promise<{ key: openpgp.PrivateKey; fingerprint: string }> {
  const row = await activeKeyRow(db, orgId);
  if (!row) throw new Problem(409, 'no-signing-key', 'Publishing needs the organization’s OpenPGP signing key: generate or import one under Provider settings first.');
  const key = await openpgp.decryptKey({ privateKey: await openpgp.readPrivateKey({ armoredKey: row.private_key }), passphrase: passphraseFor(keySecret(config), orgId) });
  return { key, fingerprint: row.fingerprint };
}

/** A detached, armored signature of the exact bytes served. */
export async function signDetached(key: openpgp.PrivateKey, text: string): Promise<string> {
  // A binary signature over the UTF-8 bytes: what a consumer downloads is what was signed, no line-ending canonicalisation.
  const message = await openpgp.createMessage({ binary: new TextEncoder().encode(text) });
  return (await openpgp.sign({ message, signingKeys: key, detached: true, format: 'armored' })) as string;
}
