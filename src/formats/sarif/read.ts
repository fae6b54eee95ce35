import { excessiveDepthAt } from '../spdx/json.js';
import { SARIF_VERSION, type SarifLevel } from './types.js';
import { validateSarif } from './validate.js';

/**
 * Reads a SARIF 2.1.0 log produced by any static-analysis tool or scanner (CodeQL, Semgrep,
 * Coverity, cppcheck, Trivy, ...): JSON syntax errors name their line and column, the
 * version must be 2.1.0, the log must validate against the official schema (the same vendored
 * schema Vigil's own scan output is checked with), and the size and nesting are bounded.
 *
 * What it keeps is per rule: the rule's results by effective level (§3.27.10: the result's
 * level, else the rule's default configuration, else `warning`), leaving out results that are
 * suppressed (§3.27.23, unless every suppression is rejected), absent from the baseline
 * (§3.27.24) or of a kind other than `fail` (§3.27.9: pass, notApplicable, informational...).
 * A rule with an error-level result counts as failed. Strings that may name requirements are
 * gathered from `properties.requirements`, `properties.requirement` and `properties.tags` of the
 * rule and of its results; which of them are requirement refs is decided by the caller.
 */

export const MAX_SARIF_BYTES = 20 * 1024 * 1024;
export const MAX_SARIF_DEPTH = 64;

export interface SarifRuleSummary {
  readonly ruleId: string;
  readonly name: string | null;
  readonly tool: string;
  readonly levels: Readonly<Record<SarifLevel, number>>;
  readonly outcome: 'passed' | 'failed';
  /** Candidate requirement refs from the rule's and its results' properties. */
  readonly refs: readonly string[];
  /** The first error-level result's message, for the matrix. */
  readonly firstError: string | null;
}

export interface SarifReport {
  readonly tools: readonly string[];
  readonly rules: readonly SarifRuleSummary[];
  readonly results: number;
  /** Results left out: suppressed, absent from the baseline, or not a failure kind. */
  readonly ignored: number;
  readonly levels: Readonly<Record<SarifLevel, number>>;
}

export interface SarifReadError {
  readonly code: 'sarif-too-large' | 'sarif-too-deep' | 'invalid-json' | 'sarif-version' | 'sarif-schema';
  readonly message: string;
  /** For JSON syntax errors. */
  readonly line?: number;
  readonly column?: number;
  /** For schema errors: each offending value's JSON pointer. */
  readonly errors?: readonly { pointer: string; message: string }[];
}

export type SarifReadResult = { readonly ok: true; readonly report: SarifReport } | { readonly ok: false; readonly error: SarifReadError };

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const LEVELS: readonly SarifLevel[] = ['none', 'note', 'warning', 'error'];
const zero = (): Record<SarifLevel, number> => ({ none: 0, note: 0, warning: 0, error: 0 });

/** Line and column (1-based) of a character offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/**
 * The offset of the first JSON syntax error (V8's messages do not always carry a position):
 * a strict RFC 8259 scan, run only after JSON.parse has refused the text.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= text.length) fail();
      const c = text.charCodeAt(i);
      if (c === 0x22) return void i++;
      if (c < 0x20) fail();
      if (c === 0x5c) {
        i++;
        const e = text[i];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else fail();
      } else i++;
    }
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    return number();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
  } catch (at) {
    if (typeof at === 'number') return at;
    throw at;
  }
  return text.length;
}

function refsOf(properties: unknown): string[] {
  if (!isObj(properties)) return [];
  const out: string[] = [];
  for (const key of ['requirements', 'requirement', 'tags']) {
    const v = properties[key];
    if (typeof v === 'string') out.push(...v.split(/[,\s]+/).filter(Boolean));
    else for (const s of arr(v)) if (typeof s === 'string') out.push(s);
  }
  return out;
}

const isLevel = (v: unknown): v is SarifLevel => typeof v === 'string' && (LEVELS as readonly string[]).includes(v);

export function readSarif(input: string): SarifReadResult {
  if (Buffer.byteLength(input, 'utf8') > MAX_SARIF_BYTES) return { ok: false, error: { code: 'sarif-too-large', message: `The SARIF log is larger than ${MAX_SARIF_BYTES} bytes.` } };
  const text = input.replace(/^\uFEFF/u, '');
  const deep = excessiveDepthAt(text, MAX_SARIF_DEPTH);
  if (deep >= 0) return { ok: false, error: { code: 'sarif-too-deep', message: `Nesting deeper than ${MAX_SARIF_DEPTH} levels.`, ...positionOf(text, deep) } };
  let log: unknown;
  try {
    log = JSON.parse(text);
  } catch (e) {
    const at = positionOf(text, jsonErrorOffset(text));
    const why = (e as Error).message.split('\n')[0]!.replace(/, "[\s\S]*$/u, '');
    return { ok: false, error: { code: 'invalid-json', message: `Not JSON at line ${at.line}, column ${at.column}: ${why}`, ...at } };
  }
  const version = isObj(log) ? log.version : undefined;
  if (version !== SARIF_VERSION) {
    return { ok: false, error: { code: 'sarif-version', message: `SARIF version ${JSON.stringify(version ?? null)} is not supported; the log must be SARIF ${SARIF_VERSION} ("version": "${SARIF_VERSION}").` } };
  }
  const issues = validateSarif(log);
  if (issues.length > 0) {
    return { ok: false, error: { code: 'sarif-schema', message: `The log does not validate against the SARIF ${SARIF_VERSION} schema: ${issues[0]!.pointer} ${issues[0]!.message}`, errors: issues.slice(0, 100) } };
  }
  return { ok: true, report: summarize(log as Json) };
}

interface RuleAcc {
  ruleId: string;
  name: string | null;
  tool: string;
  levels: Record<SarifLevel, number>;
  refs: Set<string>;
  firstError: string | null;
}

function summarize(log: Json): SarifReport {
  const tools: string[] = [];
  const rules = new Map<string, RuleAcc>();
  const totals = zero();
  let results = 0;
  let ignored = 0;
  for (const run of arr(log.runs).filter(isObj)) {
    const driver = isObj(run.tool) && isObj(run.tool.driver) ? run.tool.driver : {};
    const tool = [str(driver.name), str(driver.semanticVersion) ?? str(driver.version)].filter(Boolean).join(' ');
    if (!tools.includes(tool)) tools.push(tool);
    const ruleList = arr(driver.rules).filter(isObj);
    const acc = (ruleId: string, rule?: Json): RuleAcc => {
      const key = `${tool}\u0000${ruleId}`;
      let r = rules.get(key);
      if (!r) {
        r = { ruleId, name: null, tool, levels: zero(), refs: new Set(), firstError: null };
        rules.set(key, r);
      }
      if (rule) {
        r.name ??= str(rule.name) ?? (isObj(rule.shortDescription) ? str(rule.shortDescription.text) ?? null : null);
        for (const ref of refsOf(rule.properties)) r.refs.add(ref);
      }
      return r;
    };
    for (const rule of ruleList) if (str(rule.id)) acc(str(rule.id)!, rule);
    for (const result of arr(run.results).filter(isObj)) {
      results++;
      const index = typeof result.ruleIndex === 'number' ? result.ruleIndex : isObj(result.rule) && typeof result.rule.index === 'number' ? result.rule.index : -1;
      const indexed = index >= 0 ? ruleList[index] : undefined;
      const ruleId = str(result.ruleId) ?? (isObj(result.rule) ? str(result.rule.id) : undefined) ?? str(indexed?.id) ?? '(no rule)';
      const rule = indexed ?? ruleList.find((x) => x.id === ruleId);
      const r = acc(ruleId, rule);
      for (const ref of refsOf(result.properties)) r.refs.add(ref);
      const suppressions = arr(result.suppressions).filter(isObj);
      const suppressed = suppressions.length > 0 && suppressions.some((s) => s.status !== 'rejected');
      const kind = str(result.kind) ?? 'fail';
      if (suppressed || result.baselineState === 'absent' || kind !== 'fail') {
        ignored++;
        continue;
      }
      const def = rule && isObj(rule.defaultConfiguration) ? rule.defaultConfiguration.level : undefined;
      const level: SarifLevel = isLevel(result.level) ? result.level : isLevel(def) ? def : 'warning';
      r.levels[level]++;
      totals[level]++;
      if (level === 'error' && r.firstError === null && isObj(result.message)) r.firstError = (str(result.message.text) ?? '').slice(0, 500) || null;
    }
  }
  return {
    tools,
    rules: [...rules.values()].map((r) => ({ ruleId: r.ruleId, name: r.name, tool: r.tool, levels: r.levels, outcome: r.levels.error > 0 ? 'failed' : 'passed', refs: [...r.refs], firstError: r.firstError })),
    results,
    ignored,
    levels: totals,
  };
}
