import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { createTestDatabase, serverUrl } from './database.js';

export const VIGIL_BIN = fileURLToPath(new URL('../../bin/vigil.js', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `vigil …` as a user would, in a child process. */
export function runCli(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VIGIL_BIN, ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * Where CLI processes keep their data for a test: a private PostgreSQL database when the
 * suite runs on PostgreSQL, else a fresh PGlite data directory.
 */
export interface CliTarget {
  readonly env: Record<string, string>;
  /** Opens the same database from the test process (only while no CLI process holds PGlite). */
  open(): Promise<Database>;
  cleanup(): Promise<void>;
}

export async function createCliTarget(): Promise<CliTarget> {
  if (serverUrl()) {
    const testDb = await createTestDatabase(inject('databaseTemplate'));
    await testDb.database.close();
    const url = testDb.url!;
    return {
      env: { DATABASE_URL: url },
      open: () => openDatabase({ kind: 'postgres', url, poolSize: 2 }),
      cleanup: () => testDb.drop().catch(() => undefined),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
  return {
    env: { VIGIL_DATA_DIR: dir },
    open: () => openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') }),
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
