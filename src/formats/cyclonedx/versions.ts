/** CycloneDX versions Vigil reads and writes. 1.0/1.1 predate metadata and dependencies; 1.7 is not yet supported. */
export const SUPPORTED_VERSIONS = ['1.2', '1.3', '1.4', '1.5', '1.6'] as const;

export type CycloneDxVersion = (typeof SUPPORTED_VERSIONS)[number];

export function isSupportedVersion(v: string): v is CycloneDxVersion {
  return (SUPPORTED_VERSIONS as readonly string[]).includes(v);
}

/** XML namespace of a version; the namespace is how an XML BOM states its version. */
export function namespaceOf(v: CycloneDxVersion): string {
  return `http://cyclonedx.org/schema/bom/${v}`;
}

const NAMESPACE_PREFIX = 'http://cyclonedx.org/schema/bom/';

/** The version named by a CycloneDX XML namespace, or undefined when it is not one. */
export function versionOfNamespace(ns: string): string | undefined {
  return ns.startsWith(NAMESPACE_PREFIX) ? ns.slice(NAMESPACE_PREFIX.length) : undefined;
}

/** Numeric comparison of minor versions (`1.2` < `1.10`), so feature gates read naturally. */
export function atLeast(v: CycloneDxVersion, min: CycloneDxVersion): boolean {
  return minor(v) >= minor(min);
}

function minor(v: string): number {
  return Number(v.split('.')[1] ?? '0');
}
