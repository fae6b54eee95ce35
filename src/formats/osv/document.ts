import type { OsvAffected } from '../../core/index.js';

/*
 * The shape of an OSV document once it has passed the schema (./schema.ts): only the fields
 * the mapping reads. Arrays the schema allows to be `null` are typed so.
 */

export interface OsvSeverityJson {
  readonly type: string;
  readonly score: string;
  /** Schema 1.7: who scored it. */
  readonly source?: string;
}

export interface OsvReferenceJson {
  readonly type: string;
  readonly url: string;
}

export type OsvAffectedJson = OsvAffected & { readonly severity?: readonly OsvSeverityJson[] | null };

export interface OsvDocument {
  readonly schema_version?: string;
  readonly id: string;
  readonly modified: string;
  readonly published?: string;
  readonly withdrawn?: string;
  readonly aliases?: readonly string[] | null;
  readonly related?: readonly string[];
  readonly summary?: string;
  readonly details?: string;
  readonly severity?: readonly OsvSeverityJson[] | null;
  readonly affected?: readonly OsvAffectedJson[] | null;
  readonly references?: readonly OsvReferenceJson[] | null;
  readonly database_specific?: Readonly<Record<string, unknown>>;
}
