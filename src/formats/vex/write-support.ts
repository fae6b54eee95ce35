import { checkStatements } from './checks.js';
import { pointer } from './json.js';
import type { Response, Vex, VexIssue, VexLoss, VexStatement } from './model.js';
import { RESPONSE_WORDING } from './vocabulary.js';

/** What the three writers share: refusing invalid models, collecting losses and refusals. */

export class WriteLog {
  readonly lost: VexLoss[] = [];
  readonly issues: VexIssue[] = [];

  lose(location: string, reason: string): void {
    this.lost.push({ location, reason });
  }

  /** Records a loss when `value` is present (a field the target has no place for). */
  loseIf(value: unknown, location: string, reason: string): void {
    const empty = value === undefined || (Array.isArray(value) && value.length === 0);
    if (!empty) this.lose(location, reason);
  }

  refuse(location: string, code: string, message: string): void {
    this.issues.push({ severity: 'error', code, location, message });
  }

  get refused(): boolean {
    return this.issues.length > 0;
  }
}

/**
 * The model's own errors (invalid status/justification pairs, contradictions), judged by the
 * same checks the readers apply: a writer never turns an invalid model into a valid-looking
 * document.
 */
export function modelErrors(vex: Vex): VexIssue[] {
  const located = vex.statements.map((statement, i) => ({ statement, location: pointer('statements', i) }));
  return checkStatements(located, vex.document.timestamp).filter((i) => i.severity === 'error');
}

/** Responses as text, in the CycloneDX schema's words, for targets that need an action statement but have no response field. */
export function responsesText(responses: readonly Response[]): string | undefined {
  return responses.length === 0 ? undefined : responses.map((r) => RESPONSE_WORDING[r]).join('; ');
}

/** Location of a statement field in the model. */
export function at(i: number, ...rest: readonly (string | number)[]): string {
  return pointer('statements', i, ...rest);
}

export function statementLabel(s: VexStatement): string {
  return s.vulnerability.id;
}
