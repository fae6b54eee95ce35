import type { DocumentTest } from '@secvisogram/csaf-validator-lib/validate.js';
import type validateDocument from '@secvisogram/csaf-validator-lib/validate.js';

/**
 * The editor's validation panel and the publish gate, by BSI's csaf-validator-lib 2.0.10:
 * the CSAF 2.0 strict schema and the mandatory tests (6.1.x) are errors — publishing is refused
 * while any remains; the optional (6.2.x) and informative (6.3.x) tests are warnings. Three
 * informative tests are left out on purpose: 6.3.6 and 6.3.7 fetch every URL in the document
 * (a validation request must not make the server call out), 6.3.8 spawns hunspell, which the
 * server does not ship.
 */

export interface CsafMessage {
  readonly severity: 'error' | 'warning';
  /** The spec's test number (`6.1.27.9`) or `schema`. */
  readonly test: string;
  /** JSON pointer into the document ('' for the root is written as '/'). */
  readonly pointer: string;
  readonly message: string;
}

const SKIPPED = new Set(['informativeTest_6_3_6', 'informativeTest_6_3_7', 'informativeTest_6_3_8']);

/**
 * The library and its test sets, loaded on first validation: importing them costs seconds
 * (the optional and informative tests bring large dependencies), which every process that
 * merely contains this module — the CLI's admin verbs, the server at start — would pay.
 */
let library: Promise<{ validate: typeof validateDocument; errorTests: readonly DocumentTest[]; warningTests: readonly DocumentTest[] }> | undefined;
function loadLibrary() {
  library ??= Promise.all([
    import('@secvisogram/csaf-validator-lib/validate.js'),
    import('@secvisogram/csaf-validator-lib/basic.js'),
    import('@secvisogram/csaf-validator-lib/optionalTests.js'),
    import('@secvisogram/csaf-validator-lib/informativeTests.js'),
  ]).then(([v, basic, optional, informative]) => ({
    validate: v.default,
    errorTests: Object.values(basic) as DocumentTest[],
    warningTests: [...Object.entries(optional), ...Object.entries(informative)].filter(([name, t]) => typeof t === 'function' && !SKIPPED.has(name)).map(([, t]) => t as unknown as DocumentTest),
  }));
  return library;
}

function testNumber(name: string): string {
  const m = /^(?:mandatory|optional|informative)Test_(\d+(?:_\d+)+)$/u.exec(name);
  return m?.[1]?.replace(/_/gu, '.') ?? 'schema';
}

export interface CsafValidationResult {
  readonly valid: boolean;
  readonly errors: readonly CsafMessage[];
  readonly warnings: readonly CsafMessage[];
}

export async function validateAdvisoryDocument(doc: unknown): Promise<CsafValidationResult> {
  const errors: CsafMessage[] = [];
  const warnings: CsafMessage[] = [];
  const { validate, errorTests, warningTests } = await loadLibrary();
  const strict = await validate(errorTests, doc);
  for (const t of strict.tests) {
    const test = testNumber(t.name);
    for (const e of t.errors) errors.push({ severity: 'error', test, pointer: e.instancePath || '/', message: e.message });
    // A mandatory test's own warnings stay warnings.
    for (const w of t.warnings) warnings.push({ severity: 'warning', test, pointer: w.instancePath || '/', message: w.message });
  }
  // Optional and informative tests assume a schema-valid document; on an invalid one they may throw.
  if (errors.every((e) => e.test !== 'schema')) {
    const soft = await validate(warningTests, doc);
    for (const t of soft.tests) {
      const test = testNumber(t.name);
      for (const m of [...t.errors, ...t.warnings, ...t.infos]) warnings.push({ severity: 'warning', test, pointer: m.instancePath || '/', message: m.message });
    }
  }
  return { valid: errors.length === 0, errors, warnings };
}
