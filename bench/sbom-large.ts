/**
 * A large generated CycloneDX 1.6 JSON BOM shaped like a real one (npm and Maven packages with
 * purl, CPE, description, hashes, licences, properties, external references, a supplier,
 * some nested components, and a dependency graph of 1–5 edges per component), written straight
 * to a file in slices so the generator itself stays small. Used by sbom.bench.ts.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

function hex(seed: number, length: number): string {
  let out = '';
  let x = (seed * 2654435761) >>> 0;
  while (out.length < length) {
    x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    out += x.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

const LICENSES = ['MIT', 'Apache-2.0', 'BSD-3-Clause', 'ISC', 'GPL-2.0-only', 'LGPL-2.1-or-later', 'MPL-2.0'];

function ref(i: number): string {
  return i % 4 === 0 ? `pkg:maven/org.example.group${i % 97}/artifact-${i}@${1 + (i % 9)}.${i % 13}.${i % 7}` : `pkg:npm/%40scope${i % 89}/package-${i}@${i % 20}.${i % 31}.${i % 5}`;
}

export function component(i: number): Record<string, unknown> {
  const maven = i % 4 === 0;
  const version = maven ? `${1 + (i % 9)}.${i % 13}.${i % 7}` : `${i % 20}.${i % 31}.${i % 5}`;
  const name = maven ? `artifact-${i}` : `package-${i}`;
  const group = maven ? `org.example.group${i % 97}` : `@scope${i % 89}`;
  const c: Record<string, unknown> = {
    type: 'library',
    'bom-ref': ref(i),
    supplier: { name: `Supplier ${i % 211}`, url: [`https://supplier${i % 211}.example.com`] },
    group,
    name,
    version,
    description: `Generated package ${i}: utilities for parsing, formatting and validating things in group ${i % 97}.`,
    scope: i % 10 === 0 ? 'optional' : 'required',
    hashes: [
      { alg: 'SHA-1', content: hex(i, 40) },
      { alg: 'SHA-256', content: hex(i + 1, 64) },
      { alg: 'SHA-512', content: hex(i + 2, 128) },
    ],
    licenses: i % 17 === 0 ? [{ expression: 'MIT OR Apache-2.0' }] : [{ license: { id: LICENSES[i % LICENSES.length] } }],
    purl: ref(i),
    cpe: `cpe:2.3:a:example:${name}:${version}:*:*:*:*:*:*:*`,
    externalReferences: [
      { type: 'vcs', url: `https://github.com/example/${name}.git` },
      { type: 'website', url: `https://example.com/${name}` },
      { type: 'distribution', url: `https://registry.example.com/${name}/-/${name}-${version}.tgz`, comment: 'as resolved by the lockfile' },
    ],
    properties: [
      { name: 'cdx:npm:package:path', value: `node_modules/${group}/${name}` },
      { name: 'vigil:support:level', value: i % 3 === 0 ? 'full' : 'security-fixes-only' },
      { name: 'vigil:support:end-of-support', value: `20${30 + (i % 9)}-12-31` },
    ],
  };
  if (i % 50 === 0) c['components'] = [{ type: 'file', 'bom-ref': `file-${i}`, name: `${name}/index.js`, hashes: [{ alg: 'SHA-256', content: hex(i + 3, 64) }] }];
  return c;
}

/** Writes a BOM of about `targetBytes` to `path`; returns its component count (nested ones included) and size. */
export async function writeLargeBom(path: string, targetBytes: number): Promise<{ components: number; bytes: number; topLevel: number }> {
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (s: string): Promise<void> => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('{"bomFormat":"CycloneDX","specVersion":"1.6","serialNumber":"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79","version":1,');
  await write(`"metadata":${JSON.stringify({ timestamp: '2026-11-23T00:00:00Z', tools: { components: [{ type: 'application', group: 'bench', name: 'generator', version: '1.0.0' }] }, component: { type: 'application', 'bom-ref': 'app', name: 'infusion-pump-backend', version: '4.2.0' } })},"components":[`);
  // Each component costs a little over 1.7 KB plus its dependency entry; stop when the target is reached.
  let n = 0;
  let nested = 0;
  const depsEstimate = 180;
  while (bytes + n * depsEstimate < targetBytes) {
    const c = component(n);
    if (c['components']) nested++;
    await write(`${n > 0 ? ',' : ''}${JSON.stringify(c)}`);
    n++;
  }
  await write('],"dependencies":[');
  await write(JSON.stringify({ ref: 'app', dependsOn: Array.from({ length: Math.min(n, 20) }, (_, i) => ref(i)) }));
  for (let i = 0; i < n; i++) {
    const edges = 1 + (i % 5);
    const dependsOn = Array.from({ length: edges }, (_, k) => ref((i + 1 + k * 7919) % n)).filter((r, k, all) => all.indexOf(r) === k && r !== ref(i));
    await write(`,${JSON.stringify({ ref: ref(i), dependsOn })}`);
  }
  await write(']}');
  out.end();
  await once(out, 'finish');
  return { components: n + nested + 1, bytes, topLevel: n };
}
