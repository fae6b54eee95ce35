import { readFileSync } from 'node:fs';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import type { SbomDocument } from '../sbom/model.js';
import type { CycloneDxVersion } from './versions.js';

/** Test helpers (not exported from index.ts): fixtures, the official strict validator, order-insensitive comparison. */

export function fixture(name: string): string {
  return readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');
}

const specVersions: Record<CycloneDxVersion, Spec.Version> = {
  '1.2': Spec.Version.v1dot2,
  '1.3': Spec.Version.v1dot3,
  '1.4': Spec.Version.v1dot4,
  '1.5': Spec.Version.v1dot5,
  '1.6': Spec.Version.v1dot6,
};

/** The CycloneDX library's own strict JSON validator: null when valid, else its ajv errors. */
const validators = new Map<CycloneDxVersion, Validation.JsonStrictValidator>();

export async function strictValidate(text: string, version: CycloneDxVersion): Promise<unknown> {
  let validator = validators.get(version);
  if (!validator) {
    validator = new Validation.JsonStrictValidator(specVersions[version]);
    validators.set(version, validator);
  }
  return validator.validate(text);
}

const byKey =
  <T>(key: (x: T) => string) =>
  (a: T, b: T): number =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/**
 * The document with every list in a fixed order (the writer sorts for stable output) and
 * dependencies merged per ref, so documents equal up to order compare equal.
 */
export function normalize(doc: SbomDocument): SbomDocument {
  const deps = new Map<string, Set<string>>();
  for (const d of doc.dependencies) {
    const s = deps.get(d.ref) ?? new Set<string>();
    d.dependsOn.forEach((t) => s.add(t));
    deps.set(d.ref, s);
  }
  const props = (p: SbomDocument['properties']): SbomDocument['properties'] => [...p].sort(byKey((x) => `${x.name}\u0000${x.value}`));
  return {
    ...doc,
    tools: [...doc.tools].sort(byKey((t) => `${t.vendor ?? ''}\u0000${t.name}\u0000${t.version ?? ''}`)),
    properties: props(doc.properties),
    components: [...doc.components]
      .sort(byKey((c) => c.ref))
      .map((c) => ({
        ...c,
        hashes: [...c.hashes].sort(byKey((h) => `${h.alg}\u0000${h.content}`)),
        externalReferences: [...c.externalReferences].sort(byKey((r) => `${r.type}\u0000${r.url}\u0000${r.comment ?? ''}`)),
        properties: props(c.properties),
      })),
    services: [...doc.services].sort(byKey((s) => s.ref)).map((s) => ({ ...s, properties: props(s.properties) })),
    dependencies: [...deps.entries()].sort(byKey(([r]) => r)).map(([ref, s]) => ({ ref, dependsOn: [...s].sort() })),
  };
}
