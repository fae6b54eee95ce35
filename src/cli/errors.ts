import { Problem } from '../platform/http/problem.js';

/** Exit codes shared by every verb: 0 success, 1 the checked condition failed, 2 usage or input error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** An error the CLI reports as a usage/input error (exit 2) with this message only. */
export class UsageError extends Error {}

/** Maps an error to a message and exit code, so no stack trace reaches a user for bad input. */
export function describeFailure(error: unknown): { message: string; code: number } {
  if (error instanceof UsageError) return { message: error.message, code: EXIT.usage };
  if (error instanceof Problem) {
    const fields = error.errors?.map((e) => `  ${e.pointer}: ${e.message}`).join('\n');
    return { message: [error.detail ?? error.title, fields].filter(Boolean).join('\n'), code: error.status < 500 ? EXIT.usage : EXIT.failed };
  }
  return { message: (error as Error).message ?? String(error), code: EXIT.failed };
}
