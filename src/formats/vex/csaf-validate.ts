import type validateDocument from '@secvisogram/csaf-validator-lib/validate.js';
import type { VexIssue } from './model.js';

/**
 * CSAF 2.0 validation by BSI's csaf-validator-lib: the strict CSAF 2.0 JSON schema (which the
 * library bundles) and every mandatory test (6.1.1–6.1.33, including the csaf_vex profile tests
 * 6.1.27.x), i.e. the library's `basic` set. The optional and informative tests are not run:
 * 6.3.6/6.3.7 send HTTP requests for every URL and 6.3.8 spawns hunspell.
 */
let library: Promise<{ validate: typeof validateDocument; tests: unknown[] }> | undefined;
/** Loaded on first use: importing the library costs over a second that most processes never need. */
function loadLibrary() {
  library ??= Promise.all([import('@secvisogram/csaf-validator-lib/validate.js'), import('@secvisogram/csaf-validator-lib/basic.js')]).then(([v, basic]) => ({ validate: v.default, tests: Object.values(basic) }));
  return library;
}

/** The test's number as the spec names it: `mandatoryTest_6_1_27_9` → `6.1.27.9`. */
function testNumber(name: string): string | undefined {
  const m = /^mandatoryTest_(\d+(?:_\d+)+)$/u.exec(name);
  return m?.[1]?.replace(/_/gu, '.');
}

/** Issues of a parsed CSAF document; `[]` when it passes the schema and all mandatory tests. */
export async function validateCsaf(doc: unknown): Promise<VexIssue[]> {
  const { validate, tests } = await loadLibrary();
  const result = await validate(tests as Parameters<typeof validate>[0], doc);
  const issues: VexIssue[] = [];
  for (const test of result.tests) {
    const number = testNumber(test.name);
    const code = number === undefined ? 'schema' : `csaf-${number}`;
    const suffix = number === undefined ? ' (CSAF 2.0 schema)' : ` (CSAF mandatory test ${number})`;
    for (const e of test.errors) issues.push({ severity: 'error', code, location: e.instancePath === '' ? '/' : e.instancePath, message: `${e.message}${suffix}` });
    for (const w of test.warnings) issues.push({ severity: 'warning', code, location: w.instancePath === '' ? '/' : w.instancePath, message: `${w.message}${suffix}` });
  }
  return issues;
}
