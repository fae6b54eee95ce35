// Types for the parts of @secvisogram/csaf-validator-lib 2.0.10 (ESM JavaScript without
// declarations) that src/formats/vex uses: `validate.js` and the tests of `basic.js` (the CSAF 2.0
// strict schema and the mandatory tests 6.1.x; 6.1.8 is part of the schema test).

declare module '@secvisogram/csaf-validator-lib/validate.js' {
  export interface CsafMessage {
    readonly message: string;
    readonly instancePath: string;
  }
  export interface CsafTestResult {
    readonly isValid?: boolean;
    readonly errors?: readonly CsafMessage[];
    readonly warnings?: readonly CsafMessage[];
    readonly infos?: readonly CsafMessage[];
  }
  export type DocumentTest = (doc: unknown) => CsafTestResult | Promise<CsafTestResult>;
  export interface CsafValidation {
    readonly isValid: boolean;
    readonly tests: readonly {
      readonly name: string;
      readonly isValid: boolean;
      readonly errors: readonly CsafMessage[];
      readonly warnings: readonly CsafMessage[];
      readonly infos: readonly CsafMessage[];
    }[];
  }
  export default function validate(tests: readonly DocumentTest[], doc: unknown): Promise<CsafValidation>;
}

declare module '@secvisogram/csaf-validator-lib/basic.js' {
  import type { DocumentTest } from '@secvisogram/csaf-validator-lib/validate.js';
  export const csaf_2_0_strict: DocumentTest;
  export const mandatoryTest_6_1_1: DocumentTest;
  export const mandatoryTest_6_1_2: DocumentTest;
  export const mandatoryTest_6_1_3: DocumentTest;
  export const mandatoryTest_6_1_4: DocumentTest;
  export const mandatoryTest_6_1_5: DocumentTest;
  export const mandatoryTest_6_1_6: DocumentTest;
  export const mandatoryTest_6_1_7: DocumentTest;
  export const mandatoryTest_6_1_9: DocumentTest;
  export const mandatoryTest_6_1_10: DocumentTest;
  export const mandatoryTest_6_1_11: DocumentTest;
  export const mandatoryTest_6_1_12: DocumentTest;
  export const mandatoryTest_6_1_13: DocumentTest;
  export const mandatoryTest_6_1_14: DocumentTest;
  export const mandatoryTest_6_1_15: DocumentTest;
  export const mandatoryTest_6_1_16: DocumentTest;
  export const mandatoryTest_6_1_17: DocumentTest;
  export const mandatoryTest_6_1_18: DocumentTest;
  export const mandatoryTest_6_1_19: DocumentTest;
  export const mandatoryTest_6_1_20: DocumentTest;
  export const mandatoryTest_6_1_21: DocumentTest;
  export const mandatoryTest_6_1_22: DocumentTest;
  export const mandatoryTest_6_1_23: DocumentTest;
  export const mandatoryTest_6_1_24: DocumentTest;
  export const mandatoryTest_6_1_25: DocumentTest;
  export const mandatoryTest_6_1_26: DocumentTest;
  export const mandatoryTest_6_1_27_1: DocumentTest;
  export const mandatoryTest_6_1_27_2: DocumentTest;
  export const mandatoryTest_6_1_27_3: DocumentTest;
  export const mandatoryTest_6_1_27_4: DocumentTest;
  export const mandatoryTest_6_1_27_5: DocumentTest;
  export const mandatoryTest_6_1_27_6: DocumentTest;
  export const mandatoryTest_6_1_27_7: DocumentTest;
  export const mandatoryTest_6_1_27_8: DocumentTest;
  export const mandatoryTest_6_1_27_9: DocumentTest;
  export const mandatoryTest_6_1_27_10: DocumentTest;
  export const mandatoryTest_6_1_27_11: DocumentTest;
  export const mandatoryTest_6_1_28: DocumentTest;
  export const mandatoryTest_6_1_29: DocumentTest;
  export const mandatoryTest_6_1_30: DocumentTest;
  export const mandatoryTest_6_1_31: DocumentTest;
  export const mandatoryTest_6_1_32: DocumentTest;
  export const mandatoryTest_6_1_33: DocumentTest;
}
