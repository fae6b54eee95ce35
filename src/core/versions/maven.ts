import { err, ok, type Result } from '../result.js';
import type { VersionScheme } from './scheme.js';
import { compareNum, compareStrings, isDigit, numToString, toNum, type Num } from './num.js';

/*
 * Maven's ComparableVersion (maven-artifact, Maven 4 line), re-implemented from its
 * documented rules and test suite. A version becomes a tree of items: numbers, qualifier
 * strings, "combinations" (a qualifier immediately followed by a number, e.g. `rc1`) and
 * lists (a `-` or a letter/digit transition opens a nested list). Comparison walks the two
 * trees, treating a missing item as "null", which numbers equal to 0 and qualifiers equal
 * to the release qualifier match, so `1.0.0 == 1` and `1-ga == 1`.
 */

const NUM = 0;
const STR = 1;
const LIST = 2;
const COMBO = 3;

interface NumItem {
  readonly kind: typeof NUM;
  readonly value: Num;
}

interface StrItem {
  readonly kind: typeof STR;
  /** The qualifier after lower-casing and aliasing (`a1` → `alpha`, `cr` → `rc`). */
  readonly value: string;
  /** `comparableQualifier(value)`: known qualifiers by rank, then unknown ones lexically. */
  readonly rank: string;
}

interface ComboItem {
  readonly kind: typeof COMBO;
  readonly str: StrItem;
  readonly digits: NumItem;
}

interface ListItem {
  readonly kind: typeof LIST;
  readonly items: MavenItem[];
}

/** One node of a parsed Maven version. */
export type MavenItem = NumItem | StrItem | ComboItem | ListItem;

/** A parsed Maven version: the item tree and its canonical spelling (computed on first use). */
export class MavenVersion {
  #canonical: string | undefined;
  constructor(readonly items: ListItem) {}
  /** `ComparableVersion.getCanonical()`. */
  get canonical(): string {
    return (this.#canonical ??= itemToString(this.items));
  }
}

/** Maven rejects longer version strings (MAX_VERSION_LENGTH) to bound parsing and comparison. */
export const MAVEN_MAX_VERSION_LENGTH = 256;

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const RELEASE_QUALIFIERS = new Set(['ga', 'final', 'release']);
/** Rank of the empty (release) qualifier, as a string like Maven's RELEASE_VERSION_INDEX. */
const RELEASE_RANK = String(QUALIFIERS.indexOf(''));

function qualifierRank(q: string): string {
  if (RELEASE_QUALIFIERS.has(q)) return RELEASE_RANK;
  const i = QUALIFIERS.indexOf(q);
  return i === -1 ? `${QUALIFIERS.length}-${q}` : String(i);
}

/** Qualifier items are immutable and few distinct ones occur, so they are shared. */
const STR_CACHE = new Map<string, StrItem>();

function strItem(raw: string, followedByDigit: boolean): StrItem {
  const cacheKey = followedByDigit ? raw + '\u0000' : raw;
  const cached = STR_CACHE.get(cacheKey);
  if (cached !== undefined) return cached;
  const item = makeStrItem(raw, followedByDigit);
  if (STR_CACHE.size < 1024) STR_CACHE.set(cacheKey, item);
  return item;
}

function makeStrItem(raw: string, followedByDigit: boolean): StrItem {
  let value = raw;
  if (followedByDigit && value.length === 1) {
    if (value === 'a') value = 'alpha';
    else if (value === 'b') value = 'beta';
    else if (value === 'm') value = 'milestone';
  }
  if (value === 'cr') value = 'rc';
  return { kind: STR, value, rank: qualifierRank(value) };
}

function numItem(digits: string): NumItem {
  return { kind: NUM, value: digits.length === 0 ? 0 : toNum(digits) };
}

const ZERO: NumItem = { kind: NUM, value: 0 };

/** A qualifier followed by a number (`rc1`, `sp-2`): split at the first digit. */
function comboItem(text: string): ComboItem {
  const value = text.replaceAll('-', '');
  let index = 0;
  for (let i = 0; i < value.length; i++) {
    if (isDigit(value.charCodeAt(i))) {
      index = i;
      break;
    }
  }
  return { kind: COMBO, str: strItem(value.slice(0, index), true), digits: numItem(value.slice(index)) };
}

function parseItem(isCombination: boolean, isDigitRun: boolean, text: string): MavenItem {
  if (isCombination) return comboItem(text);
  if (isDigitRun) return numItem(text);
  return strItem(text, false);
}

function isNull(item: MavenItem): boolean {
  switch (item.kind) {
    case NUM:
      return item.value === 0;
    case STR:
      return item.value === '';
    case COMBO:
      return false;
    case LIST:
      return item.items.length === 0;
  }
}

/** `ListItem.normalize()`: drops null items that are trailing or precede a qualifier. */
function normalize(list: ListItem): void {
  const items = list.items;
  for (let i = items.length - 1; i >= 0; i--) {
    if (!isNull(items[i]!)) continue;
    const next = items[i + 1];
    if (next === undefined || next.kind === STR) {
      items.splice(i, 1);
    } else if (next.kind === LIST) {
      const head = next.items[0];
      if (head !== undefined && (head.kind === COMBO || head.kind === STR)) items.splice(i, 1);
    }
  }
  if (items.length === 1 && items[0]!.kind === LIST) {
    const inner = (items[0] as ListItem).items;
    items.length = 0;
    items.push(...inner);
  }
}

/** Java `Character.isDigit` for the one look-ahead Maven does after `-` (ASCII and other Nd digits). */
function isUnicodeDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (isDigit(c)) return true;
  return c > 127 && /\p{Nd}/u.test(s[i]!);
}

/** Builds the item tree exactly as `ComparableVersion.parseVersion`, in one pass. */
function buildItems(version: string): ListItem {
  const root: ListItem = { kind: LIST, items: [] };
  let list = root;
  const stack: ListItem[] = [root];
  const open = (): void => {
    const sub: ListItem = { kind: LIST, items: [] };
    list.items.push(sub);
    list = sub;
    stack.push(sub);
  };
  let isDigitRun = false;
  let isCombination = false;
  let startIndex = 0;
  const len = version.length;
  for (let i = 0; i < len; i++) {
    const c = version.charCodeAt(i);
    if (c === 46) {
      list.items.push(i === startIndex ? ZERO : parseItem(isCombination, isDigitRun, version.slice(startIndex, i)));
      isCombination = false;
      startIndex = i + 1;
    } else if (c === 45) {
      if (i === startIndex) {
        list.items.push(ZERO);
      } else {
        // `X-1` is read as `X1`: the hyphen stays in the text and is removed later.
        if (!isDigitRun && i !== len - 1 && isUnicodeDigit(version, i + 1)) {
          isCombination = true;
          continue;
        }
        list.items.push(parseItem(isCombination, isDigitRun, version.slice(startIndex, i)));
      }
      startIndex = i + 1;
      if (list.items.length > 0) open();
      isCombination = false;
    } else if (isDigit(c)) {
      if (!isDigitRun && i > startIndex) {
        isCombination = true;
        if (list.items.length > 0) open();
      }
      isDigitRun = true;
    } else {
      if (isDigitRun && i > startIndex) {
        list.items.push(parseItem(isCombination, true, version.slice(startIndex, i)));
        startIndex = i;
        open();
        isCombination = false;
      }
      isDigitRun = false;
    }
  }
  if (len > startIndex) {
    // `1.0.0.X1 < 1.0.0-X2`: a trailing `.X` is treated as `-X`.
    if (!isDigitRun && list.items.length > 0) open();
    list.items.push(parseItem(isCombination, isDigitRun, version.slice(startIndex)));
  }
  for (let k = stack.length - 1; k >= 0; k--) normalize(stack[k]!);
  return root;
}

function itemToString(item: MavenItem): string {
  switch (item.kind) {
    case NUM:
      return numToString(item.value);
    case STR:
      return item.value;
    case COMBO:
      return item.str.value + numToString(item.digits.value);
    case LIST: {
      let s = '';
      for (const it of item.items) {
        if (s.length > 0) s += it.kind === LIST ? '-' : '.';
        s += itemToString(it);
      }
      return s;
    }
  }
}

function sgn(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** `item.compareTo(null)`: how an item compares with a missing one. */
function compareToNull(item: MavenItem): number {
  switch (item.kind) {
    case NUM:
      return item.value === 0 ? 0 : 1;
    case STR:
      return sgn(compareStrings(item.rank, RELEASE_RANK));
    case COMBO: {
      const r = compareToNull(item.str);
      return r !== 0 ? r : compareToNull(item.digits);
    }
    case LIST:
      for (const it of item.items) {
        const r = compareToNull(it);
        if (r !== 0) return r;
      }
      return 0;
  }
}

function compareStr(a: StrItem, b: MavenItem): number {
  switch (b.kind) {
    case NUM:
      return -1;
    case STR:
      return sgn(compareStrings(a.rank, b.rank));
    case COMBO: {
      const r = compareStr(a, b.str);
      if (r !== 0) return r;
      return compareToNull(a) === 0 ? -compareToNull(b.digits) : -1;
    }
    case LIST:
      return -compareItems(b, a);
  }
}

function compareCombo(a: ComboItem, b: MavenItem): number {
  switch (b.kind) {
    case NUM:
      return -1;
    case STR: {
      const r = compareStr(a.str, b);
      if (r !== 0) return r;
      return compareToNull(a.str) === 0 ? compareToNull(a.digits) : 1;
    }
    case LIST:
      return -compareItems(b, a);
    case COMBO: {
      const r = compareStr(a.str, b.str);
      return r !== 0 ? r : sgn(compareNum(a.digits.value, b.digits.value));
    }
  }
}

function compareList(a: ListItem, b: MavenItem): number {
  switch (b.kind) {
    case NUM:
      return -1;
    case STR:
    case COMBO: {
      let r = a.items.length === 0 ? -compareToNull(b) : compareItems(a.items[0]!, b);
      for (let i = 1; r === 0 && i < a.items.length; i++) r = compareToNull(a.items[i]!);
      return r;
    }
    case LIST: {
      const x = a.items;
      const y = b.items;
      const n = Math.max(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const l = x[i];
        const r = y[i];
        const c = l === undefined ? (r === undefined ? 0 : -compareToNull(r)) : r === undefined ? compareToNull(l) : compareItems(l, r);
        if (c !== 0) return c;
      }
      return 0;
    }
  }
}

/** `Item.compareTo(Item)` for two present items. */
function compareItems(a: MavenItem, b: MavenItem): number {
  switch (a.kind) {
    case NUM:
      if (b.kind === NUM) return sgn(compareNum(a.value, b.value));
      return 1;
    case STR:
      return compareStr(a, b);
    case COMBO:
      return compareCombo(a, b);
    case LIST:
      return compareList(a, b);
  }
}

/**
 * Parses a Maven version. Every string of at most 256 characters is a Maven version (as for
 * `new ComparableVersion(s)`); longer ones are rejected as Maven does. Parsing lower-cases
 * the string (locale-independently) and builds the item tree.
 */
export function parseMavenVersion(input: string): Result<MavenVersion> {
  if (input.length > MAVEN_MAX_VERSION_LENGTH) {
    return err('version.maven.too_long', `Maven versions are at most ${MAVEN_MAX_VERSION_LENGTH} characters.`, MAVEN_MAX_VERSION_LENGTH);
  }
  return ok(new MavenVersion(buildItems(input.toLowerCase())));
}

/** `ComparableVersion.compareTo`. */
export function compareMavenVersions(a: MavenVersion, b: MavenVersion): number {
  return compareList(a.items, b.items);
}

/**
 * Maven versions (ComparableVersion). `format` is the canonical form, which can differ
 * between versions that compare equal (`1-ga` and `1`), as in Maven.
 */
export const mavenScheme: VersionScheme<MavenVersion> = {
  id: 'maven',
  parse: parseMavenVersion,
  compare: compareMavenVersions,
  isValid: (input) => input.length <= MAVEN_MAX_VERSION_LENGTH,
  format: (v) => v.canonical,
};
