import type { JUnitReport } from '../../formats/junit/read.js';
import type { SarifReport } from '../../formats/sarif/read.js';
import type { Outcome } from './trace.js';

/**
 * Evidence items from a parsed file (pure). JUnit: one item per test case, named
 * `classname › name`, with requirement candidates from `requirement`, `requirements` and `req`
 * properties (values split on commas and spaces). SARIF: one item per rule, named
 * `tool: ruleId`, failed when the rule has an error-level result; its candidates are the
 * reader's (rule and result properties).
 */

export interface ParsedEvidence {
  readonly kind: 'sarif' | 'junit';
  readonly tool: string | null;
  readonly summary: Record<string, unknown>;
  readonly items: readonly { readonly name: string; readonly outcome: Outcome; readonly detail: string | null; readonly refs: readonly string[] }[];
}

const REF_PROPERTIES = new Set(['requirement', 'requirements', 'req']);

export function evidenceFromJUnit(report: JUnitReport): ParsedEvidence {
  return {
    kind: 'junit',
    tool: report.name,
    summary: { tests: report.cases.length, ...report.counts },
    items: report.cases.map((c) => ({
      name: c.classname ? `${c.classname} › ${c.name}` : c.name,
      outcome: c.outcome,
      detail: c.message,
      refs: c.properties.filter((p) => REF_PROPERTIES.has(p.name.toLowerCase())).flatMap((p) => p.value.split(/[,\s]+/).filter(Boolean)),
    })),
  };
}

export function evidenceFromSarif(report: SarifReport): ParsedEvidence {
  return {
    kind: 'sarif',
    tool: report.tools.join(', ') || null,
    summary: { rules: report.rules.length, results: report.results, ignored: report.ignored, ...report.levels, failedRules: report.rules.filter((r) => r.outcome === 'failed').length },
    items: report.rules.map((r) => {
      const counted = `${r.levels.error} error, ${r.levels.warning} warning, ${r.levels.note} note`;
      return { name: `${r.tool}: ${r.ruleId}`, outcome: r.outcome, detail: r.firstError ? `${counted}; first error: ${r.firstError}` : counted, refs: r.refs };
    }),
  };
}
