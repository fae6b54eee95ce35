import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { SbomDocument, SbomIssue } from '../sbom/model.js';
import { isSupportedVersion, namespaceOf } from './versions.js';
import { unsupportedTarget } from './write-json.js';
import { buildBom, type Json } from './write-model.js';

/**
 * Writes the model as a CycloneDX XML BOM of `specVersion` in the version's namespace. Elements
 * follow the XSD sequence order of each type (XSD sequences are ordered, unlike JSON objects).
 */
export function serializeCycloneDxXml(doc: SbomDocument, specVersion = '1.6'): { text: string; issues: SbomIssue[] } {
  if (!isSupportedVersion(specVersion)) return { text: '', issues: [unsupportedTarget(specVersion)] };
  const { bom, issues } = buildBom(doc, specVersion, 'xml');
  const attrs: Record<string, string> = {};
  if (typeof bom['serialNumber'] === 'string') attrs['serialNumber'] = bom['serialNumber'];
  attrs['version'] = String(bom['version']);
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(namespaceOf(specVersion), 'bom', attrs);
  const metadata = obj(bom['metadata']);
  if (metadata) writeMetadata(root.ele('metadata'), metadata);
  list(root, 'components', bom['components'], writeComponent);
  list(root, 'services', bom['services'], writeService);
  list(root, 'dependencies', bom['dependencies'], writeDependency);
  return { text: `${root.end({ prettyPrint: true })}\n`, issues };
}

function obj(x: unknown): Json | undefined {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Json) : undefined;
}

function items(x: unknown): Json[] {
  return Array.isArray(x) ? x.map(obj).filter((o): o is Json => o !== undefined) : [];
}

/** A text child, written only when the value is present. */
function text(parent: XMLBuilder, name: string, value: unknown): void {
  if (typeof value === 'string') parent.ele(name).txt(value);
  else if (typeof value === 'boolean' || typeof value === 'number') parent.ele(name).txt(String(value));
}

/** A wrapper element (`<components>`) around one element per item, written only when there are items. */
function list(parent: XMLBuilder, wrapper: string, value: unknown, write: (parent: XMLBuilder, item: Json) => void): void {
  const all = items(value);
  if (all.length === 0) return;
  const w = parent.ele(wrapper);
  for (const item of all) write(w, item);
}

function writeMetadata(m: XMLBuilder, metadata: Json): void {
  text(m, 'timestamp', metadata['timestamp']);
  writeTools(m, metadata['tools']);
  list(m, 'authors', metadata['authors'], (p, a) => writeContact(p.ele('author'), a));
  const subject = obj(metadata['component']);
  if (subject) writeComponent(m, subject);
  const supplier = obj(metadata['supplier']);
  if (supplier) text(m.ele('supplier'), 'name', supplier['name']);
  list(m, 'properties', metadata['properties'], writeProperty);
}

function writeTools(m: XMLBuilder, tools: unknown): void {
  if (Array.isArray(tools)) {
    list(m, 'tools', tools, (p, t) => {
      const e = p.ele('tool');
      text(e, 'vendor', t['vendor']);
      text(e, 'name', t['name']);
      text(e, 'version', t['version']);
    });
    return;
  }
  const o = obj(tools);
  if (o) list(m.ele('tools'), 'components', o['components'], writeComponent);
}

function writeContact(e: XMLBuilder, c: Json): void {
  text(e, 'name', c['name']);
  text(e, 'email', c['email']);
}

function writeComponent(parent: XMLBuilder, c: Json): void {
  const attrs: Record<string, string> = { type: String(c['type']) };
  if (typeof c['bom-ref'] === 'string') attrs['bom-ref'] = c['bom-ref'];
  const e = parent.ele('component', attrs);
  const supplier = obj(c['supplier']);
  if (supplier) text(e.ele('supplier'), 'name', supplier['name']);
  list(e, 'authors', c['authors'], (p, a) => writeContact(p.ele('author'), a));
  text(e, 'author', c['author']);
  text(e, 'publisher', c['publisher']);
  text(e, 'group', c['group']);
  text(e, 'name', c['name']);
  text(e, 'version', c['version']);
  text(e, 'description', c['description']);
  text(e, 'scope', c['scope']);
  list(e, 'hashes', c['hashes'], (p, h) => {
    p.ele('hash', { alg: String(h['alg']) }).txt(String(h['content']));
  });
  list(e, 'licenses', c['licenses'], writeLicense);
  text(e, 'copyright', c['copyright']);
  text(e, 'cpe', c['cpe']);
  text(e, 'purl', c['purl']);
  list(e, 'externalReferences', c['externalReferences'], (p, r) => {
    const ref = p.ele('reference', { type: String(r['type']) });
    text(ref, 'url', r['url']);
    text(ref, 'comment', r['comment']);
  });
  list(e, 'properties', c['properties'], writeProperty);
  list(e, 'components', c['components'], writeComponent);
}

function writeLicense(parent: XMLBuilder, choice: Json): void {
  if (typeof choice['expression'] === 'string') {
    parent.ele('expression').txt(choice['expression']);
    return;
  }
  const l = obj(choice['license']) ?? {};
  const e = parent.ele('license');
  text(e, 'id', l['id']);
  text(e, 'name', l['name']);
}

function writeProperty(parent: XMLBuilder, p: Json): void {
  parent.ele('property', { name: String(p['name']) }).txt(String(p['value'] ?? ''));
}

function writeService(parent: XMLBuilder, s: Json): void {
  const attrs: Record<string, string> = {};
  if (typeof s['bom-ref'] === 'string') attrs['bom-ref'] = s['bom-ref'];
  const e = parent.ele('service', attrs);
  text(e, 'group', s['group']);
  text(e, 'name', s['name']);
  text(e, 'version', s['version']);
  text(e, 'description', s['description']);
  list(e, 'endpoints', s['endpoints'] === undefined ? undefined : (s['endpoints'] as unknown[]).map((u) => ({ u })), (p, x) => {
    p.ele('endpoint').txt(String(x['u']));
  });
  text(e, 'authenticated', s['authenticated']);
  text(e, 'x-trust-boundary', s['x-trust-boundary']);
  list(e, 'properties', s['properties'], writeProperty);
}

function writeDependency(parent: XMLBuilder, d: Json): void {
  const e = parent.ele('dependency', { ref: String(d['ref']) });
  const targets = Array.isArray(d['dependsOn']) ? (d['dependsOn'] as unknown[]) : [];
  for (const t of targets) e.ele('dependency', { ref: String(t) });
}
