import { describe, expect, it } from 'vitest';
import { parseCycloneDxJson, parseCycloneDxXml } from './index.js';
import { fixture } from './test-support.js';

const NS16 = 'http://cyclonedx.org/schema/bom/1.6';
const bom = (body: string, ns = NS16): string => `<?xml version="1.0" encoding="UTF-8"?>\n<bom xmlns="${ns}" version="1">\n${body}\n</bom>\n`;

describe('DOCTYPE and entities are refused before anything is expanded', () => {
  it('billion laughs', () => {
    const xml = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<bom xmlns="${NS16}"><components><component type="library"><name>&lol3;</name></component></components></bom>`;
    const r = parseCycloneDxXml(xml);
    expect(r.document).toBeUndefined();
    expect(r.issues).toEqual([expect.objectContaining({ severity: 'error', code: 'xml-doctype', location: 'line 2' })]);
  });

  it('external entity (XXE), after a comment and a processing instruction, lower-case keyword', () => {
    const xml = `<?xml version="1.0"?>\n<!-- build 7 -->\n<?xml-stylesheet href="x.xsl"?>\n<!doctype bom [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<bom xmlns="${NS16}"><metadata><timestamp>&xxe;</timestamp></metadata></bom>`;
    expect(parseCycloneDxXml(xml).issues).toEqual([expect.objectContaining({ code: 'xml-doctype', location: 'line 4' })]);
  });

  it('an entity reference without any declaration is a syntax error, not an expansion', () => {
    const r = parseCycloneDxXml(bom('<components>\n<component type="library"><name>&xxe;</name></component></components>'));
    expect(r.issues).toEqual([expect.objectContaining({ code: 'xml-syntax', location: 'line 4', message: expect.stringContaining('undefined entity') })]);
  });

  it('malformed XML names the line', () => {
    const r = parseCycloneDxXml(bom('<components>\n<component type="library"><name>x</nam></component></components>'));
    expect(r.issues).toEqual([expect.objectContaining({ code: 'xml-syntax', location: 'line 4' })]);
  });
});

describe('namespace tells the version', () => {
  it.each(['1.0', '1.1', '1.7'])('refuses the %s namespace with unsupported-version', (v) => {
    expect(parseCycloneDxXml(bom('', `http://cyclonedx.org/schema/bom/${v}`)).issues).toEqual([
      expect.objectContaining({ code: 'unsupported-version', location: 'line 2' }),
    ]);
  });

  it('refuses a root that is not a CycloneDX bom', () => {
    expect(parseCycloneDxXml('<Document xmlns="http://spdx.org/rdf/terms#"/>').issues[0]?.code).toBe('not-cyclonedx');
    expect(parseCycloneDxXml('<bom/>').issues[0]?.code).toBe('not-cyclonedx');
  });

  it('reads the version from each fixture namespace', () => {
    for (const v of ['1.2', '1.3', '1.4', '1.5', '1.6']) {
      expect(parseCycloneDxXml(fixture(`device-firmware.cdx-${v}.xml`)).document?.specVersion).toBe(v);
    }
  });
});

describe('structural rules of the mapped elements (official JSON schema of the version, located by line)', () => {
  it('a component without name', () => {
    const r = parseCycloneDxXml(bom('<components>\n  <component type="library">\n    <version>1.0</version>\n  </component>\n</components>'));
    expect(r.issues).toEqual([
      { severity: 'error', code: 'schema', location: 'line 4', message: "/components/0: must have required property 'name'" },
    ]);
  });

  it('a component type outside the enumeration, and one the version lacks', () => {
    const r = parseCycloneDxXml(bom('<components>\n<component type="libary"><name>x</name></component>\n</components>'));
    expect(r.issues).toEqual([expect.objectContaining({ code: 'schema', location: 'line 4', message: expect.stringContaining('/components/0/type: must be equal to one of the allowed values') })]);
    const v14 = parseCycloneDxXml(bom('<components>\n<component type="machine-learning-model"><name>m</name></component>\n</components>', 'http://cyclonedx.org/schema/bom/1.4'));
    expect(v14.issues[0]).toMatchObject({ code: 'schema', location: 'line 4' });
  });

  it('a missing required attribute, a bad hash and a non-boolean', () => {
    const r = parseCycloneDxXml(
      bom(`<components>
  <component type="library">
    <name>zlib</name>
    <hashes><hash alg="SHA-256">not-hex</hash></hashes>
    <externalReferences><reference><url>https://zlib.net</url></reference></externalReferences>
  </component>
</components>
<services>
  <service><name>api</name><authenticated>yes</authenticated></service>
</services>`),
    );
    expect(r.issues.map((i) => [i.location, i.message])).toEqual([
      ['line 6', '/components/0/hashes/0/content: must match pattern "^([a-fA-F0-9]{32}|[a-fA-F0-9]{40}|[a-fA-F0-9]{64}|[a-fA-F0-9]{96}|[a-fA-F0-9]{128})$"'],
      ['line 7', "/components/0/externalReferences/0: must have required property 'type'"],
      ['line 11', '/services/0/authenticated: must be boolean'],
    ]);
  });

  it('a bad serialNumber attribute is located on the root element', () => {
    const xml = `<?xml version="1.0"?>\n<bom xmlns="${NS16}" serialNumber="urn:uuid:nope" version="1"/>`;
    expect(parseCycloneDxXml(xml).issues).toEqual([expect.objectContaining({ code: 'schema', location: 'line 2' })]);
  });

  it('skips elements it does not map and extension namespaces, reads CDATA', () => {
    const r = parseCycloneDxXml(
      bom(`<components>
  <component type="library" bom-ref="zlib" xmlns:ext="urn:example:ext">
    <name><![CDATA[zlib]]></name>
    <version>1.3.1</version>
    <pedigree><notes>upstream</notes></pedigree>
    <ext:build>42</ext:build>
  </component>
</components>`),
    );
    expect(r.issues).toEqual([]);
    expect(r.document?.components).toEqual([
      { ref: 'zlib', type: 'library', name: 'zlib', version: '1.3.1', authors: [], hashes: [], externalReferences: [], properties: [] },
    ]);
  });

  it('multi-line normalizedString values become one line (XSD whitespace facet)', () => {
    const r = parseCycloneDxXml(bom('<components><component type="library"><name>x</name>\n<licenses><license><name>Apache License 2.0 and\n    CDDL 1.0</name></license></licenses></component></components>'));
    expect(r.document?.components[0]?.license).toBe('LicenseRef-Apache-License-2.0-and-CDDL-1.0');
  });
});

describe('post-checks with line numbers', () => {
  it('duplicate refs, dangling dependencies, invalid purls', () => {
    const xml = bom(`<components>
  <component type="library" bom-ref="a"><name>a</name><purl>pkg:/nope</purl></component>
  <component type="library" bom-ref="a"><name>a2</name></component>
</components>
<dependencies>
  <dependency ref="a"><dependency ref="ghost"/></dependency>
</dependencies>`);
    const r = parseCycloneDxXml(xml);
    expect(r.document).toBeUndefined();
    expect(r.issues.map((i) => [i.code, i.location])).toEqual([
      ['duplicate-ref', 'line 5'],
      ['dangling-dependency', 'line 8'],
      ['invalid-purl', 'line 4'],
    ]);
  });

  it('101 levels of nested components are refused; 100 are read', () => {
    const nest = (n: number): string => {
      let s = '';
      for (let i = 1; i <= n; i++) s += `<component type="library" bom-ref="c${i}"><name>c${i}</name>${i < n ? '<components>\n' : ''}`;
      for (let i = n; i >= 1; i--) s += `${i < n ? '</components>' : ''}</component>`;
      return bom(`<components>\n${s}\n</components>`);
    };
    expect(parseCycloneDxXml(nest(100)).document?.components).toHaveLength(100);
    const r = parseCycloneDxXml(nest(101));
    expect(r.issues).toEqual([expect.objectContaining({ code: 'nesting-too-deep', location: 'line 103' })]);
  });

  it('element nesting deeper than the guard stops the parser', () => {
    const xml = bom(`${'<x>'.repeat(5000)}${'</x>'.repeat(5000)}`);
    expect(parseCycloneDxXml(xml).issues).toEqual([expect.objectContaining({ code: 'nesting-too-deep' })]);
  });
});

describe('JSON and XML agree', () => {
  it('the same BOM written by hand in both formats reads to the same model', () => {
    const json = parseCycloneDxJson(fixture('device-firmware.cdx-1.4.json'));
    const xml = parseCycloneDxXml(fixture('device-firmware.cdx-1.4.xml'));
    expect(xml.document).toBeDefined();
    expect(xml.document).toEqual(json.document);
  });
});
