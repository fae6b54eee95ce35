import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOsvRecord } from './parse.js';
import { fixtureJson, fixtureText } from './testkit.js';

const LOG4J = 'ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json';
const UNREVIEWED = 'ghsa-db/advisories/unreviewed/2022/05/GHSA-2222-hcqf-c429/GHSA-2222-hcqf-c429.json';

function recordOf(relative: string) {
  const outcome = parseOsvRecord(fixtureText(relative), relative);
  expect(outcome.issues).toEqual([]);
  return outcome.record!;
}

describe('parseOsvRecord: mapping real records', () => {
  it('maps the Log4Shell GitHub advisory as a ghsa record with CWEs and both severities', () => {
    const r = recordOf(LOG4J);
    expect(r.id).toBe('GHSA-jfh8-c2jp-5v3q');
    expect(r.source).toBe('ghsa');
    expect(r.aliases).toEqual(['CVE-2021-44228']);
    expect(r.summary).toBe('Remote code injection in Log4j');
    expect(r.published).toBe('2021-12-10T00:40:56Z');
    expect(r.modified).toBe('2022-03-25T20:56:18Z');
    expect(r.withdrawn).toBeUndefined();
    expect(r.severities).toEqual([
      { type: 'CVSS_V3', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', source: 'GHSA' },
      { type: 'GHSA', vector: 'CRITICAL', source: 'GHSA' },
    ]);
    expect(r.cwes).toEqual(['CWE-20', 'CWE-400', 'CWE-502', 'CWE-917']);
    expect(r.references).toHaveLength(7);
    expect(r.references[0]).toEqual({ type: 'ADVISORY', url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228' });
    expect(r.affected.map((a) => a.ranges?.[0]?.events)).toEqual([
      [{ introduced: '2.13.0' }, { fixed: '2.15.0' }],
      [{ introduced: '0' }, { fixed: '2.3.1' }],
      [{ introduced: '2.4' }, { fixed: '2.12.2' }],
    ]);
    expect(r.affected[0]!.package).toEqual({ ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core' });
    expect(r.cpeConfigurations).toEqual([]);
  });

  it('maps an unreviewed GitHub advisory with empty severity, affected and CWE lists', () => {
    const r = recordOf(UNREVIEWED);
    expect(r.source).toBe('ghsa');
    expect(r.summary).toBeUndefined();
    expect(r.severities).toEqual([{ type: 'GHSA', vector: 'MODERATE', source: 'GHSA' }]);
    expect(r.affected).toEqual([]);
    expect(r.cwes).toEqual([]);
    expect(r.references).toHaveLength(8);
  });

  it('keeps a Go record as osv although one of its aliases is a GHSA id', () => {
    const r = recordOf('osv/GO-2021-0113.json');
    expect(r.source).toBe('osv');
    expect(r.aliases).toEqual(['CVE-2021-38561', 'GHSA-ppp9-7jff-5vj2']);
    expect(r.modified).toBe('0001-01-01T00:00:00Z');
    expect(r.affected[0]).toMatchObject({
      package: { name: 'golang.org/x/text', ecosystem: 'Go' },
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '0.3.7' }] }],
      ecosystem_specific: { imports: [{ path: 'golang.org/x/text/language' }] },
    });
  });

  it('names the database as the scorer and keeps the purl of a RustSec record', () => {
    const r = recordOf('osv/RUSTSEC-2021-0003.json');
    expect(r.severities).toEqual([{ type: 'CVSS_V3', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', source: 'RustSec' }]);
    expect(r.affected[0]!.package).toEqual({ ecosystem: 'crates.io', name: 'smallvec', purl: 'pkg:cargo/smallvec' });
    expect(r.affected[0]!.ranges![0]!.events).toEqual([{ introduced: '0.6.3' }, { fixed: '0.6.14' }, { introduced: '1.0.0' }, { fixed: '1.6.1' }]);
    expect(r.related).toEqual([]);
  });

  it('moves package-level severities to the record and keeps the Bitnami rating', () => {
    const r = recordOf('osv/BIT-activemq-2020-11998.json');
    expect(r.severities).toEqual([
      { type: 'CVSS_V3', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', source: 'Bitnami' },
      { type: 'Bitnami', vector: 'Critical', source: 'Bitnami' },
    ]);
    expect(r.affected[0]).not.toHaveProperty('severity');
    expect(r.affected[0]!.ranges![0]!.events).toEqual([{ introduced: '5.15.12' }, { last_affected: '5.15.12' }]);
  });

  it('reports withdrawn records (PyPA without schema_version, Go) with their withdrawal time', () => {
    const pysec = recordOf('osv/PYSEC-2021-13.json');
    expect(fixtureJson('osv/PYSEC-2021-13.json')).not.toHaveProperty('schema_version');
    expect(pysec.withdrawn).toBe('2023-07-25T12:32:00Z');
    expect(pysec.affected[0]!.versions).toContain('1.10.1');
    expect(recordOf('osv/GO-2022-0617.json').withdrawn).toBe('2024-08-21T16:25:56Z');
  });

  it('gives the same result for text and for an already parsed value', () => {
    expect(parseOsvRecord(fixtureJson(LOG4J))).toEqual(parseOsvRecord(fixtureText(LOG4J)));
  });
});

describe('parseOsvRecord: aliases', () => {
  it('drops the record\'s own id and duplicates from aliases and related', () => {
    const doc = fixtureJson('osv/GO-2021-0113.json');
    doc['aliases'] = ['GO-2021-0113', 'CVE-2021-38561', 'CVE-2021-38561', 'GHSA-ppp9-7jff-5vj2'];
    doc['related'] = ['GO-2021-0113', 'CVE-2022-32149'];
    const r = parseOsvRecord(doc).record!;
    expect(r.aliases).toEqual(['CVE-2021-38561', 'GHSA-ppp9-7jff-5vj2']);
    expect(r.related).toEqual(['CVE-2022-32149']);
  });

  it('never lists the id among the aliases, whatever the input aliases are', () => {
    const base = fixtureJson('osv/RUSTSEC-2021-0003.json');
    const alias = fc.oneof(fc.constant('RUSTSEC-2021-0003'), fc.constant('CVE-2021-25900'), fc.string());
    fc.assert(
      fc.property(fc.array(alias, { maxLength: 8 }), (aliases) => {
        const r = parseOsvRecord({ ...base, aliases }).record!;
        expect(r.aliases).not.toContain(r.id);
        expect(new Set(r.aliases).size).toBe(r.aliases.length);
        expect(r.aliases.every((a) => aliases.includes(a))).toBe(true);
      }),
    );
  });

  it('treats null aliases, severity, affected and references as empty', () => {
    const doc = { ...fixtureJson('osv/GO-2021-0113.json'), aliases: null, severity: null, affected: null, references: null };
    const r = parseOsvRecord(doc).record!;
    expect([r.aliases, r.severities, r.affected, r.references]).toEqual([[], [], [], []]);
  });
});

describe('parseOsvRecord: refusals', () => {
  function issueOf(value: unknown, location?: string) {
    const outcome = parseOsvRecord(value, location);
    expect(outcome.record).toBeUndefined();
    expect(outcome.issues).toHaveLength(1);
    return outcome.issues[0]!;
  }

  it('refuses the real schema-invalid PYSEC-2024-55 at its bad modified time', () => {
    const issue = issueOf(fixtureText('invalid/PYSEC-2024-55.json'), 'invalid/PYSEC-2024-55.json');
    expect(issue).toMatchObject({ severity: 'error', code: 'osv.schema.invalid', location: 'invalid/PYSEC-2024-55.json#/modified' });
    expect(issue.message).toContain('OSV record PYSEC-2024-55');
    expect(issue.message).toContain('/modified: "1-01-01T00:00:00Z" is not a valid date-time');
  });

  it('points at a GIT range without its repo', () => {
    const doc = fixtureJson('osv/GO-2021-0113.json');
    doc['affected'] = [{ package: { ecosystem: 'Go', name: 'golang.org/x/text' }, ranges: [{ type: 'GIT', events: [{ introduced: '0' }] }] }];
    expect(issueOf(doc, 'line 3').location).toBe('line 3#/affected/0/ranges/0/repo');
  });

  it('names the rule an event breaks, not the four oneOf branches', () => {
    const doc = fixtureJson('osv/RUSTSEC-2021-0003.json');
    const affected = doc['affected'] as { ranges: { events: unknown[] }[] }[];
    affected[0]!.ranges[0]!.events[1] = { fixed: '0.6.14', introduced: '0.6.3' };
    const issue = issueOf(doc);
    expect(issue.location).toBe('/affected/0/ranges/0/events/1');
    expect(issue.message).toContain('events must contain an introduced object');
    expect(issue.message.match(/\/affected/g)).toHaveLength(1);
  });

  it('refuses fields the schema does not define, and values outside its enums and patterns', () => {
    expect(issueOf({ ...fixtureJson('osv/GO-2021-0113.json'), cvss: 9.8 }).location).toBe('/cvss');
    const badRef = { ...fixtureJson('osv/GO-2021-0113.json'), references: [{ type: 'BLOG', url: 'https://go.dev/cl/340830' }] };
    expect(issueOf(badRef).message).toContain('/references/0/type: "BLOG" is not one of');
    const badVector = { ...fixtureJson('osv/RUSTSEC-2021-0003.json'), severity: [{ type: 'CVSS_V3', score: '9.8' }] };
    expect(issueOf(badVector).location).toBe('/severity/0/score');
    const badId = { ...fixtureJson('osv/GO-2021-0113.json'), id: 'NOTADB-2021-1' };
    expect(issueOf(badId).message).toContain('home database identifier prefixes');
  });

  it('names missing required fields by pointer', () => {
    const { modified: _modified, ...doc } = fixtureJson('osv/GO-2021-0113.json');
    expect(issueOf(doc)).toMatchObject({ location: '/modified' });
    expect(issueOf(doc).message).toContain('/modified: is missing');
  });

  it('refuses text that is not JSON, and JSON that is not an object', () => {
    expect(issueOf('{"id": "GO-2021-0113",', 'line 9')).toMatchObject({ code: 'osv.json.invalid', location: 'line 9' });
    expect(issueOf('[1, 2]')).toMatchObject({ code: 'osv.schema.invalid', location: '/' });
  });
});
