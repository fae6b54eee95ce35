// Types for the optional (6.2.x) and informative (6.3.x) test sets of
// @secvisogram/csaf-validator-lib 2.0.10; validate.js and basic.js are declared in
// src/formats/vex/csaf-validator-lib.d.ts. Each module exports one DocumentTest per test.

declare module '@secvisogram/csaf-validator-lib/optionalTests.js' {
  import type { DocumentTest } from '@secvisogram/csaf-validator-lib/validate.js';
  const tests: Record<string, DocumentTest>;
  export = tests;
}

declare module '@secvisogram/csaf-validator-lib/informativeTests.js' {
  import type { DocumentTest } from '@secvisogram/csaf-validator-lib/validate.js';
  const tests: Record<string, DocumentTest>;
  export = tests;
}
