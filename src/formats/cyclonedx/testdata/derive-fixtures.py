"""Derives the 1.2-1.5 JSON fixtures from the hand-written 1.6 one, and XML twins of every JSON
fixture. Independent of the TypeScript code under test (written separately, in Python)."""
import copy, json, sys
from xml.sax.saxutils import escape, quoteattr

base = json.load(open('device-firmware.cdx-1.6.json'))

def walk_components(bom):
    out = []
    def rec(c):
        out.append(c)
        for k in c.get('components', []): rec(k)
    if 'component' in bom.get('metadata', {}): rec(bom['metadata']['component'])
    for c in bom.get('components', []): rec(c)
    return out

def downgrade(v):
    bom = copy.deepcopy(base)
    bom['specVersion'] = v
    minor = int(v.split('.')[1])
    for c in walk_components(bom):
        if 'authors' in c:
            # only one author text before 1.6
            c['author'] = ', '.join(a['name'] for a in c.pop('authors'))
            # keep key order readable: move author before name
        if minor < 3: c.pop('properties', None)
        if minor < 4 and 'version' not in c: c['version'] = ''
    if minor < 5:
        tools = bom['metadata']['tools']['components']
        bom['metadata']['tools'] = [{'vendor': t['group'], 'name': t['name'], 'version': t['version']} for t in tools]
    if minor < 3:
        bom['metadata'].pop('properties', None)
        for s in bom.get('services', []): s.pop('properties', None)
    return bom

for v in ['1.2', '1.3', '1.4', '1.5']:
    json.dump(downgrade(v), open(f'device-firmware.cdx-{v}.json', 'w'), indent=2)
    open(f'device-firmware.cdx-{v}.json', 'a').write('\n')

def el(name, content, attrs=None, ind=0):
    a = ''.join(f' {k}={quoteattr(str(v))}' for k, v in (attrs or {}).items())
    pad = '  ' * ind
    if isinstance(content, list):
        inner = ''.join(content)
        return f'{pad}<{name}{a}>\n{inner}{pad}</{name}>\n' if inner else f'{pad}<{name}{a}/>\n'
    return f'{pad}<{name}{a}>{escape(str(content))}</{name}>\n'

def org(name, o, ind):
    return el(name, [el('name', o['name'], ind=ind + 1)], ind=ind)

def text(parent, key, ind, name=None):
    return [el(name or key, parent[key], ind=ind)] if key in parent else []

def comp(c, ind):
    out = []
    if 'supplier' in c: out.append(org('supplier', c['supplier'], ind + 1))
    if 'authors' in c:
        out.append(el('authors', [el('author', [el('name', a['name'], ind=ind + 3)], ind=ind + 2) for a in c['authors']], ind=ind + 1))
    for k in ['author', 'publisher', 'group', 'name', 'version', 'description', 'scope']: out += text(c, k, ind + 1)
    if 'hashes' in c: out.append(el('hashes', [el('hash', h['content'], {'alg': h['alg']}, ind + 2) for h in c['hashes']], ind=ind + 1))
    if 'licenses' in c:
        ls = []
        for l in c['licenses']:
            if 'expression' in l: ls.append(el('expression', l['expression'], ind=ind + 2))
            else: ls.append(el('license', [el(k, v, ind=ind + 3) for k, v in l['license'].items()], ind=ind + 2))
        out.append(el('licenses', ls, ind=ind + 1))
    for k in ['copyright', 'cpe', 'purl']: out += text(c, k, ind + 1)
    if 'externalReferences' in c:
        out.append(el('externalReferences', [el('reference', [el('url', r['url'], ind=ind + 3)], {'type': r['type']}, ind + 2) for r in c['externalReferences']], ind=ind + 1))
    if 'properties' in c: out.append(props(c['properties'], ind + 1))
    if 'components' in c: out.append(el('components', [comp(k, ind + 2) for k in c['components']], ind=ind + 1))
    return el('component', out, {'type': c['type'], **({'bom-ref': c['bom-ref']} if 'bom-ref' in c else {})}, ind)

def props(ps, ind):
    return el('properties', [el('property', p['value'], {'name': p['name']}, ind + 1) for p in ps], ind=ind)

def to_xml(bom):
    v = bom['specVersion']
    m = bom['metadata']
    md = [el('timestamp', m['timestamp'], ind=2)]
    if isinstance(m['tools'], list):
        md.append(el('tools', [el('tool', [el('vendor', t['vendor'], ind=4), el('name', t['name'], ind=4), el('version', t['version'], ind=4)], ind=3) for t in m['tools']], ind=2))
    else:
        md.append(el('tools', [el('components', [comp(t, 4) for t in m['tools']['components']], ind=3)], ind=2))
    md.append(el('authors', [el('author', [el('name', a['name'], ind=4), el('email', a['email'], ind=4)], ind=3) for a in m['authors']], ind=2))
    md.append(comp(m['component'], 2))
    md.append(org('supplier', m['supplier'], 2))
    if 'properties' in m: md.append(props(m['properties'], 2))
    body = [el('metadata', md, ind=1)]
    body.append(el('components', [comp(c, 2) for c in bom['components']], ind=1))
    svcs = []
    for s in bom['services']:
        so = []
        for k in ['group', 'name', 'version', 'description']: so += text(s, k, 3)
        so.append(el('endpoints', [el('endpoint', e, ind=4) for e in s['endpoints']], ind=3))
        so.append(el('authenticated', 'true' if s['authenticated'] else 'false', ind=3))
        so.append(el('x-trust-boundary', 'true' if s['x-trust-boundary'] else 'false', ind=3))
        if 'properties' in s: so.append(props(s['properties'], 3))
        svcs.append(el('service', so, {'bom-ref': s['bom-ref']}, 2))
    body.append(el('services', svcs, ind=1))
    body.append(el('dependencies', [el('dependency', [el('dependency', [], {'ref': t}, 3) for t in d['dependsOn']], {'ref': d['ref']}, 2) for d in bom['dependencies']], ind=1))
    root = el('bom', body, {'xmlns': f'http://cyclonedx.org/schema/bom/{v}', 'serialNumber': bom['serialNumber'], 'version': bom['version']})
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + root

for v in ['1.2', '1.3', '1.4', '1.5', '1.6']:
    bom = json.load(open(f'device-firmware.cdx-{v}.json'))
    open(f'device-firmware.cdx-{v}.xml', 'w').write(to_xml(bom))
