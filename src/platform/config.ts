import { resolve } from 'node:path';
import { z } from 'zod';
import type { DatabaseTarget } from './db/database.js';

/**
 * Vigil's configuration comes from environment variables (documented in the README's
 * configuration table); CLI flags override them. Invalid values stop start-up with a
 * message naming the variable.
 */
const EnvSchema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  VIGIL_DATA_DIR: z.string().min(1).default('./.vigil'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  VIGIL_PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  VIGIL_BODY_LIMIT: z.coerce.number().int().min(1024).default(1024 * 1024),
  VIGIL_SESSION_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24 * 7),
  VIGIL_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  VIGIL_COOKIE_SECURE: z.enum(['true', 'false', 'auto']).default('auto'),
  VIGIL_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  VIGIL_SMTP_FROM: z.string().min(3).default('Vigil <vigil@localhost>'),
  VIGIL_NOTIFY_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
  VIGIL_KEY_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
});

export type Role = 'api' | 'worker' | 'all';

export interface Config {
  readonly database: DatabaseTarget;
  readonly host: string;
  readonly port: number;
  /** The URL users reach Vigil at (links in invitations, CSAF, security.txt). */
  readonly publicUrl: string | undefined;
  readonly logLevel: string;
  readonly bodyLimit: number;
  readonly sessionHours: number;
  readonly loginRateLimit: number;
  /** Mark cookies Secure: 'auto' does so when the public URL is https. */
  readonly secureCookies: boolean;
  readonly role: Role;
  /** Outgoing e-mail for notifications (docs/operations.md); undefined: e-mail channels fail honestly. */
  readonly smtp: { readonly url: string; readonly from: string } | undefined;
  /** How often workers deliver pending notifications and check clocks for approaching/missed dues. */
  readonly notifyIntervalMs: number;
  /** Encrypts the organizations' OpenPGP private keys at rest (scrypt-derived passphrase, docs/operations.md); undefined: a secret file in the data directory. */
  readonly keySecret: string | undefined;
  /** Where Vigil keeps local state (the PGlite database, the generated key secret). */
  readonly dataDir: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Invalid environment variable ${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  const database: DatabaseTarget = e.DATABASE_URL
    ? { kind: 'postgres', url: e.DATABASE_URL }
    : { kind: 'pglite', dataDir: resolve(e.VIGIL_DATA_DIR, 'pglite') };
  const secureCookies =
    e.VIGIL_COOKIE_SECURE === 'auto' ? (e.VIGIL_PUBLIC_URL ?? '').startsWith('https:') : e.VIGIL_COOKIE_SECURE === 'true';
  return {
    database,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.VIGIL_PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    bodyLimit: e.VIGIL_BODY_LIMIT,
    sessionHours: e.VIGIL_SESSION_HOURS,
    loginRateLimit: e.VIGIL_LOGIN_RATE_LIMIT,
    secureCookies,
    role: 'all',
    smtp: e.VIGIL_SMTP_URL ? { url: e.VIGIL_SMTP_URL, from: e.VIGIL_SMTP_FROM } : undefined,
    notifyIntervalMs: e.VIGIL_NOTIFY_INTERVAL_MS,
    keySecret: e.VIGIL_KEY_SECRET,
    dataDir: resolve(e.VIGIL_DATA_DIR),
    ...overrides,
  };
}
