/**
 * How CycloneDX XML elements map onto the JSON shape of a BOM, for the elements Vigil reads.
 * Specs are functions so the recursive types (components in components) can refer to themselves.
 */
export type Json = Record<string, unknown>;

export type Spec = TextSpec | ObjectSpec | ListSpec;

export interface TextSpec {
  readonly kind: 'text';
  /** Converted when the text is a valid literal; otherwise kept as a string so the schema reports it. */
  readonly type?: 'boolean' | 'integer';
  readonly finish?: (s: string) => unknown;
}

export interface ObjectSpec {
  readonly kind: 'object';
  /** XML attribute (no namespace) → JSON key. */
  readonly attrs?: Readonly<Record<string, AttrField>>;
  readonly children?: Readonly<Record<string, Field>>;
  /** JSON key that receives the element's own text (property value, hash content). */
  readonly textKey?: string;
  readonly finish?: (o: Json) => unknown;
}

/** A wrapper element (`<components>`) whose children become a JSON array. */
export interface ListSpec {
  readonly kind: 'list';
  readonly items: Readonly<Record<string, () => Spec>>;
}

export interface Field {
  readonly key: string;
  readonly spec: () => Spec;
  /** The element may repeat and its values form an array under `key`. */
  readonly repeat?: boolean;
}

export interface AttrField {
  readonly key: string;
  readonly type?: 'integer';
}

const text: TextSpec = { kind: 'text' };
const t = (): Spec => text;
const bool = (): Spec => ({ kind: 'text', type: 'boolean' });

function field(key: string, spec: () => Spec, repeat = false): Field {
  return { key, spec, repeat };
}

function listOf(item: string, spec: () => Spec): () => Spec {
  return () => ({ kind: 'list', items: { [item]: spec } });
}

const contact = (): Spec => ({
  kind: 'object',
  children: { name: field('name', t), email: field('email', t), phone: field('phone', t) },
});

const organization = (): Spec => ({
  kind: 'object',
  children: { name: field('name', t), url: field('url', t, true), contact: field('contact', contact, true) },
});

const hash = (): Spec => ({ kind: 'object', attrs: { alg: { key: 'alg' } }, textKey: 'content' });

const licenses = (): Spec => ({
  kind: 'list',
  items: {
    license: () => ({
      kind: 'object',
      attrs: { 'bom-ref': { key: 'bom-ref' } },
      children: { id: field('id', t), name: field('name', t), url: field('url', t) },
      finish: (o) => ({ license: o }),
    }),
    expression: () => ({ kind: 'text', finish: (s) => ({ expression: s }) }),
  },
});

const externalReference = (): Spec => ({
  kind: 'object',
  attrs: { type: { key: 'type' } },
  children: { url: field('url', t), comment: field('comment', t), hashes: field('hashes', listOf('hash', hash)) },
});

const property = (): Spec => ({ kind: 'object', attrs: { name: { key: 'name' } }, textKey: 'value' });

const properties = listOf('property', property);
const externalReferences = listOf('reference', externalReference);

export const component = (): Spec => ({
  kind: 'object',
  attrs: { type: { key: 'type' }, 'bom-ref': { key: 'bom-ref' }, 'mime-type': { key: 'mime-type' } },
  children: {
    supplier: field('supplier', organization),
    authors: field('authors', listOf('author', contact)),
    author: field('author', t),
    publisher: field('publisher', t),
    group: field('group', t),
    name: field('name', t),
    version: field('version', t),
    description: field('description', t),
    scope: field('scope', t),
    hashes: field('hashes', listOf('hash', hash)),
    licenses: field('licenses', licenses),
    copyright: field('copyright', t),
    cpe: field('cpe', t),
    purl: field('purl', t),
    externalReferences: field('externalReferences', externalReferences),
    properties: field('properties', properties),
    components: field('components', listOf('component', component)),
  },
});

const service = (): Spec => ({
  kind: 'object',
  attrs: { 'bom-ref': { key: 'bom-ref' } },
  children: {
    provider: field('provider', organization),
    group: field('group', t),
    name: field('name', t),
    version: field('version', t),
    description: field('description', t),
    endpoints: field('endpoints', listOf('endpoint', t)),
    authenticated: field('authenticated', bool),
    'x-trust-boundary': field('x-trust-boundary', bool),
    externalReferences: field('externalReferences', externalReferences),
    properties: field('properties', properties),
    services: field('services', listOf('service', service)),
  },
});

const legacyTool = (): Spec => ({
  kind: 'object',
  children: {
    vendor: field('vendor', t),
    name: field('name', t),
    version: field('version', t),
    hashes: field('hashes', listOf('hash', hash)),
  },
});

/** `<tools>` holds either legacy `<tool>` elements (→ JSON array) or 1.5+ `<components>`/`<services>` (→ object). */
const tools = (): Spec => ({
  kind: 'object',
  children: {
    tool: field('tool', legacyTool, true),
    components: field('components', listOf('component', component)),
    services: field('services', listOf('service', service)),
  },
  finish: (o) => (Array.isArray(o['tool']) ? o['tool'] : o),
});

const metadata = (): Spec => ({
  kind: 'object',
  children: {
    timestamp: field('timestamp', t),
    tools: field('tools', tools),
    authors: field('authors', listOf('author', contact)),
    component: field('component', component),
    manufacture: field('manufacture', organization),
    supplier: field('supplier', organization),
    properties: field('properties', properties),
  },
});

/** A `<dependency>` inside a dependency stands for its ref only (JSON `dependsOn` holds strings). */
const dependencyTarget = (): Spec => ({
  kind: 'object',
  attrs: { ref: { key: 'ref' } },
  finish: (o) => o['ref'],
});

const dependency = (): Spec => ({
  kind: 'object',
  attrs: { ref: { key: 'ref' } },
  children: { dependency: field('dependsOn', dependencyTarget, true) },
});

export const bom = (): Spec => ({
  kind: 'object',
  attrs: { serialNumber: { key: 'serialNumber' }, version: { key: 'version', type: 'integer' } },
  children: {
    metadata: field('metadata', metadata),
    components: field('components', listOf('component', component)),
    services: field('services', listOf('service', service)),
    dependencies: field('dependencies', listOf('dependency', dependency)),
  },
});
