import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { verifyChain, SYSTEM_CHAIN } from '../platform/audit/audit.js';
import { systemContext, SYSTEM_ACTOR } from '../platform/auth/context.js';
import { hashPassword } from '../platform/auth/secrets.js';
import { migrate } from '../platform/db/migrate.js';
import { loadDemo } from '../modules/demo/demo.js';
import { assertPasswordStrength, createUser, normalizeEmail } from '../modules/identity/service.js';
import { addMember, createOrganization } from '../modules/orgs/service.js';
import { createToken, revokeToken } from '../modules/tokens/service.js';
import { recordAudit } from '../platform/audit/audit.js';
import { EXIT, UsageError, orgIdBySlug, withDatabase } from './context.js';
import { openDatabase, type Db } from '../platform/db/database.js';
import { loadConfig } from '../platform/config.js';

const ROLES = ['owner', 'admin', 'analyst', 'auditor', 'viewer'] as const;
const KINDS = ['manufacturer', 'healthcare_provider', 'both'] as const;

function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${what} must be one of ${allowed.join(', ')} (got "${value}").`);
  return value as T;
}

const generatedPassword = () => randomBytes(15).toString('base64url');

/** Admin verbs that work on the database directly: migrate, org, user, token, audit, demo. */
export function registerAdminCommands(program: Command, out: (line: string) => void): void {
  program
    .command('migrate')
    .description('Apply pending database migrations and exit')
    .action(async () => {
      const db = await openDatabase(loadConfig().database);
      try {
        const applied = await migrate(db);
        out(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
      } finally {
        await db.close();
      }
    });

  const org = program.command('org').description('Manage organizations');
  org
    .command('create')
    .description('Create an organization')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--kind <kind>', KINDS.join(' | '))
    .option('--slug <slug>', 'URL-safe identifier (default: from the name)')
    .option('--owner <email>', 'existing user who becomes owner')
    .action(async (o: { name: string; kind: string; slug?: string; owner?: string }) => {
      const kind = oneOf(o.kind, KINDS, '--kind');
      await withDatabase(async (db) => {
        const ownerId = o.owner ? await userIdByEmail(db.kysely, o.owner) : null;
        const created = await db.kysely.transaction().execute((tx) => createOrganization(tx, SYSTEM_ACTOR, { name: o.name, kind, slug: o.slug }, ownerId));
        out(`Created organization ${created.slug} (${created.id}).`);
      });
    });

  const user = program.command('user').description('Manage users');
  user
    .command('create')
    .description('Create a user, optionally adding them to an organization')
    .requiredOption('--email <email>')
    .requiredOption('--name <name>')
    .option('--password <password>', 'initial password (default: generated and printed once)')
    .option('--org <slug>', 'organization to join')
    .option('--role <role>', ROLES.join(' | '), 'viewer')
    .action(async (o: { email: string; name: string; password?: string; org?: string; role: string }) => {
      const role = oneOf(o.role, ROLES, '--role');
      const password = o.password ?? generatedPassword();
      assertPasswordStrength(password);
      await withDatabase(async (db) => {
        // Look up before the transaction: on PGlite a query outside an open transaction waits for it.
        const orgId = o.org ? await orgIdBySlug(db, o.org) : null;
        await db.kysely.transaction().execute(async (tx) => {
          const created = await createUser(tx, o.email, o.name, password);
          await recordAudit(tx, { actor: SYSTEM_ACTOR, orgId: null, requestId: null }, { action: 'user.create', target: { type: 'user', id: created.id }, summary: { email: created.email } });
          if (orgId) await addMember(tx, systemContext(orgId), created.id, role);
        });
        out(`Created user ${normalizeEmail(o.email)}${o.org ? ` as ${role} of ${o.org}` : ''}.`);
        if (!o.password) out(`Password (shown once): ${password}`);
      });
    });
  user
    .command('reset-password')
    .description("Set a new password for a user and end all of that user's sessions")
    .requiredOption('--email <email>')
    .option('--password <password>', 'new password (default: generated and printed once)')
    .action(async (o: { email: string; password?: string }) => {
      const password = o.password ?? generatedPassword();
      assertPasswordStrength(password);
      await withDatabase(async (db) => {
        const id = await userIdByEmail(db.kysely, o.email);
        const passwordHash = await hashPassword(password);
        await db.kysely.transaction().execute(async (tx) => {
          await tx.updateTable('users').set({ password_hash: passwordHash, password_changed_at: new Date() }).where('id', '=', id).execute();
          await tx.deleteFrom('sessions').where('user_id', '=', id).execute();
          await recordAudit(tx, { actor: SYSTEM_ACTOR, orgId: null, requestId: null }, { action: 'user.password_reset', target: { type: 'user', id } });
        });
        out(`Password reset for ${normalizeEmail(o.email)}.`);
        if (!o.password) out(`New password (shown once): ${password}`);
      });
    });

  const token = program.command('token').description('Manage API tokens');
  token
    .command('create')
    .description('Create an API token for an organization; the secret is printed once')
    .requiredOption('--org <slug>')
    .requiredOption('--name <name>')
    .option('--role <role>', 'admin | analyst | auditor | viewer', 'viewer')
    .option('--days <days>', 'days until it expires', '90')
    .action(async (o: { org: string; name: string; role: string; days: string }) => {
      const role = oneOf(o.role, ['admin', 'analyst', 'auditor', 'viewer'] as const, '--role');
      const days = Number(o.days);
      if (!Number.isInteger(days) || days < 1 || days > 366) throw new UsageError('--days must be a whole number from 1 to 366.');
      await withDatabase(async (db) => {
        const { token: created, secret } = await createToken(db.kysely, systemContext(await orgIdBySlug(db, o.org)), { name: o.name, role, expiresInDays: days });
        out(`Created token ${created.id} (${created.role}, expires ${created.expiresAt.toISOString()}).`);
        out(secret);
      });
    });
  token
    .command('revoke')
    .description('Revoke an API token')
    .requiredOption('--org <slug>')
    .requiredOption('--id <tokenId>')
    .action(async (o: { org: string; id: string }) => {
      if (!/^[0-9a-f-]{36}$/i.test(o.id)) throw new UsageError('--id must be a token id (UUID).');
      await withDatabase(async (db) => {
        await revokeToken(db.kysely, systemContext(await orgIdBySlug(db, o.org)), o.id);
        out(`Revoked token ${o.id}.`);
      });
    });

  program
    .command('audit')
    .description('Audit trail tools')
    .command('verify')
    .description('Recompute every audit chain (or one organization\'s) and report the first broken link; exit 1 if any')
    .option('--org <slug>', 'only this organization')
    .action(async (o: { org?: string }) =>
      withDatabase(async (db) => {
        const chains = o.org
          ? [await orgIdBySlug(db, o.org)]
          : (await db.kysely.selectFrom('audit_chains').select('chain_id').orderBy('chain_id').execute()).map((r) => r.chain_id);
        let broken = 0;
        for (const chainId of chains) {
          const result = await verifyChain(db.kysely, chainId);
          const label = chainId === SYSTEM_CHAIN ? 'system' : chainId;
          if (result.ok) out(`ok      ${label}: ${result.checked} events`);
          else {
            broken++;
            const b = result.firstBroken!;
            out(`BROKEN  ${label}: first broken link at seq ${b.seq}${b.eventId === null ? '' : ` (event id ${b.eventId})`}: ${b.problem}`);
          }
        }
        if (broken > 0) process.exitCode = EXIT.failed;
      }),
    );

  program
    .command('demo')
    .description('Load the demo organizations and people (idempotent)')
    .action(async () =>
      withDatabase(async (db) => {
        const result = await loadDemo(db.kysely, null);
        out(result.organizations.length ? `Loaded demo organizations: ${result.organizations.join(', ')}` : 'Demo organizations already present.');
        for (const u of result.users) out(`  ${u.email} (${u.role}, ${u.organization}) password: ${u.password}`);
      }),
    );
}

async function userIdByEmail(db: Db, email: string): Promise<string> {
  const row = await db.selectFrom('users').select('id').where('email', '=', normalizeEmail(email)).executeTakeFirst();
  if (!row) throw new UsageError(`No user with e-mail ${normalizeEmail(email)}.`);
  return row.id;
}
