import type { CoreError } from '../result.js';

/** Mutable working copy of the components while type rules are applied. */
export interface PurlDraft {
  type: string;
  namespace: string | undefined;
  name: string;
  version: string | undefined;
  qualifiers: Map<string, string>;
  subpath: string | undefined;
}

/** Which component a rule violation is about, so the parser can point at it. */
export type PurlComponentName = 'type' | 'namespace' | 'name' | 'version' | 'qualifiers' | 'subpath';

/** A rule violation; the parser turns `component` into a position. */
export interface TypeRuleViolation {
  readonly component: PurlComponentName;
  readonly error: Omit<CoreError, 'position'>;
}

/**
 * The per-type rules of the registered purl type definitions (purl-spec
 * `types/*-definition.json`, PURL-TYPES) that change or restrict components.
 * Types not listed here are valid with the generic component rules only.
 */
interface TypeRule {
  readonly namespace?: 'required' | 'prohibited';
  readonly versionRequired?: boolean;
  readonly lowercaseNamespace?: boolean;
  readonly lowercaseName?: boolean;
  readonly lowercaseVersion?: boolean;
  /** Extra normalization, after the lowercase flags. */
  readonly normalize?: (draft: PurlDraft) => void;
  /** Extra validation after normalization. */
  readonly validate?: (draft: PurlDraft) => TypeRuleViolation | undefined;
}

const lowercaseNsAndName: TypeRule = { lowercaseNamespace: true, lowercaseName: true };

function violation(component: PurlComponentName, code: string, message: string): TypeRuleViolation {
  return { component, error: { code, message } };
}

const TYPE_RULES: Readonly<Record<string, TypeRule>> = {
  alpm: lowercaseNsAndName,
  apk: lowercaseNsAndName,
  bitbucket: { ...lowercaseNsAndName, namespace: 'required' },
  bitnami: { lowercaseName: true, namespace: 'prohibited' },
  cargo: { namespace: 'prohibited' },
  cocoapods: { namespace: 'prohibited' },
  composer: lowercaseNsAndName,
  conan: {
    // PURL-TYPES conan: a namespace (user) and the `channel` qualifier go together.
    validate: (d) => {
      if (d.namespace === undefined && d.qualifiers.has('channel'))
        return violation('namespace', 'purl.conan.namespace', 'A conan purl with a "channel" qualifier requires a namespace.');
      if (d.namespace !== undefined && d.qualifiers.size === 0)
        return violation('qualifiers', 'purl.conan.qualifiers', 'A conan purl with a namespace requires qualifiers (at least "channel").');
      return undefined;
    },
  },
  cran: { namespace: 'prohibited', versionRequired: true },
  deb: { ...lowercaseNsAndName, namespace: 'required' },
  gem: { namespace: 'prohibited' },
  github: { ...lowercaseNsAndName, namespace: 'required' },
  gitlab: lowercaseNsAndName,
  hackage: { namespace: 'prohibited' },
  hex: lowercaseNsAndName,
  huggingface: { lowercaseVersion: true },
  luarocks: { lowercaseVersion: true },
  maven: { namespace: 'required' },
  mlflow: {
    namespace: 'prohibited',
    // Azure Databricks model names are case-insensitive; Azure ML names are not.
    normalize: (d) => {
      if (d.qualifiers.get('repository_url')?.includes('databricks')) d.name = d.name.toLowerCase();
    },
  },
  npm: lowercaseNsAndName,
  nuget: { namespace: 'prohibited' },
  oci: { namespace: 'prohibited', lowercaseName: true },
  pub: {
    namespace: 'prohibited',
    lowercaseName: true,
    normalize: (d) => {
      d.name = d.name.replaceAll('-', '_');
    },
    validate: (d) =>
      /^[a-z0-9_]+$/.test(d.name)
        ? undefined
        : violation('name', 'purl.pub.name', 'A pub package name may only contain a-z, 0-9 and "_".'),
  },
  pypi: {
    namespace: 'prohibited',
    lowercaseName: true,
    normalize: (d) => {
      d.name = d.name.replaceAll('_', '-');
    },
  },
  qpkg: { lowercaseNamespace: true },
  rpm: { lowercaseNamespace: true },
  swid: {
    validate: (d) =>
      d.qualifiers.has('tag_id')
        ? undefined
        : violation('qualifiers', 'purl.swid.tag_id', 'A swid purl requires the "tag_id" qualifier.'),
  },
  swift: { namespace: 'required', versionRequired: true },
};

/** Purl types with type-specific rules (all others get the generic rules only). */
export const TYPES_WITH_RULES: readonly string[] = Object.keys(TYPE_RULES);

/** Applies the type's normalization in place, then returns the first violation, if any. */
export function applyTypeRules(draft: PurlDraft): TypeRuleViolation | undefined {
  const rule = TYPE_RULES[draft.type];
  if (rule === undefined) return undefined;
  if (rule.lowercaseNamespace && draft.namespace !== undefined) draft.namespace = draft.namespace.toLowerCase();
  if (rule.lowercaseName) draft.name = draft.name.toLowerCase();
  if (rule.lowercaseVersion && draft.version !== undefined) draft.version = draft.version.toLowerCase();
  rule.normalize?.(draft);
  if (rule.namespace === 'required' && draft.namespace === undefined)
    return violation('namespace', 'purl.namespace.required', `A ${draft.type} purl requires a namespace.`);
  if (rule.namespace === 'prohibited' && draft.namespace !== undefined)
    return violation('namespace', 'purl.namespace.prohibited', `A ${draft.type} purl must not have a namespace.`);
  if (rule.versionRequired && draft.version === undefined)
    return violation('version', 'purl.version.required', `A ${draft.type} purl requires a version.`);
  return rule.validate?.(draft);
}
