import { createServer, type AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAgainstSchema } from '../../src/formats/cyclonedx/index.js';
import { validateSarif } from '../../src/formats/sarif/index.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { createToken } from '../../src/modules/tokens/service.js';
import type { ScanFinding, ScanResult } from '../../src/modules/intel/scan.js';
import { createCliTarget, runCli, type CliTarget } from '../support/cli.js';
import { startTestVigil, type TestVigil } from '../support/vigil.js';

/**
 * `vigil intel snapshot` and `vigil scan`, run as a pipeline would run them: the real binary,
 * the real Log4Shell advisory (GitHub, OSV form), NVD's API page, the CISA KEV excerpt and an
 * EPSS file imported through the CLI; then scans offline against the snapshot, and online
 * against a Vigil server on 127.0.0.1 holding the same intelligence, which must agree.
 */
const fixture = (path: string) => fileURLToPath(new URL(`../../src/formats/${path}`, import.meta.url));
const GHSA = fixture('osv/testdata/ghsa-db/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json');
const NVD_PAGE = fixture('nvd/testdata/nvd/nvd-api-page.json');
const KEV = fixture('kev/testdata/kev-excerpt.json');
const EPSS = '#model_version:v2026.06.15,score_date:2026-09-29T12:00:22Z\ncve,epss,percentile\nCVE-2021-44228,0.94358,0.99957\nCVE-2014-0160,0.94468,0.99989\n';

const work = mkdtempSync(join(tmpdir(), 'vigil-scan-test-'));
const file = (name: string) => join(work, name);

/** A gateway firmware SBOM: log4j-core by purl, OpenSSL by CPE only, and a blob with neither. */
function writeBom(name: string, log4j: string, openssl = '1.0.1f'): string {
  writeFileSync(
    file(name),
    JSON.stringify(
      {
        bomFormat: 'CycloneDX', specVersion: '1.6', serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b71', version: 1,
        metadata: { timestamp: '2026-11-30T10:00:00Z', component: { 'bom-ref': 'fw', type: 'firmware', name: 'gateway-fw', version: '5.0' } },
        components: [
          { 'bom-ref': 'log4j', type: 'library', group: 'org.apache.logging.log4j', name: 'log4j-core', version: log4j, purl: `pkg:maven/org.apache.logging.log4j/log4j-core@${log4j}` },
          { 'bom-ref': 'openssl', type: 'library', name: 'openssl', version: openssl, cpe: `cpe:2.3:a:openssl:openssl:${openssl}:*:*:*:*:*:*:*` },
          { 'bom-ref': 'blob', type: 'firmware', name: 'radio-blob', version: '7' },
        ],
        dependencies: [{ ref: 'fw', dependsOn: ['log4j', 'openssl', 'blob'] }],
      },
      null,
      2,
    ),
  );
  return file(name);
}

/** A loopback port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let target: CliTarget;
const vigil = (...args: string[]) => runCli(args, { ...target.env, VIGIL_TOKEN: '' });
const SNAPSHOT = file('intel.jsonl.gz');

/** What two scans of the same SBOM must agree on, whatever the intelligence came from. */
const comparable = (r: ScanResult) => ({ sbom: { ...r.sbom, file: null }, summary: r.summary, findings: r.findings, policy: r.policy });

beforeAll(async () => {
  target = await createCliTarget();
  expect((await vigil('migrate')).code).toBe(0);
  expect((await vigil('org', 'create', '--name', 'Acme Medical', '--kind', 'manufacturer')).stdout).toMatch(/acme-medical/);
  writeFileSync(file('epss.csv'), EPSS);
  for (const [kind, path] of [['osv', GHSA], ['nvd', NVD_PAGE], ['kev', KEV], ['epss', file('epss.csv')]] as const) {
    const imported = await vigil('import', kind, '--org', 'acme-medical', path);
    expect(imported.code, imported.stderr).toBe(0);
  }
});

afterAll(async () => {
  await target?.cleanup();
  rmSync(work, { recursive: true, force: true });
});

describe('vigil intel snapshot', () => {
  it('writes the organization’s matchable intelligence with KEV and EPSS', async () => {
    const written = await vigil('intel', 'snapshot', '--org', 'acme-medical', '--out', SNAPSHOT);
    expect(written.code, written.stderr).toBe(0);
    // GitHub's record and the three NVD records with CPE configurations (Heartbleed, Log4Shell,
    // MicroDicom); the other three NVD records name nothing to match. KEV and EPSS: the two of theirs.
    expect(written.stdout).toMatch(/^Wrote .*intel\.jsonl\.gz: 4 records, 2 KEV and 2 EPSS entries of acme-medical, \d+\.\d\d MiB\.$/m);
    const missing = await vigil('intel', 'snapshot', '--org', 'nope', '--out', file('x.gz'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No organization with slug "nope"');
  });
});

describe('vigil scan --snapshot (offline)', () => {
  it('fails --fail-on critical for log4j-core 2.14.1 (Log4Shell) and reports the advisory’s facts', async () => {
    const bom = writeBom('vulnerable.cdx.json', '2.14.1');
    const table = await vigil('scan', bom, '--snapshot', SNAPSHOT, '--fail-on', 'critical');
    expect(table.code, table.stderr).toBe(1);
    expect(table.stdout).toMatch(/^critical +10\.0 +CVE-2021-44228 +org\.apache\.logging\.log4j\/log4j-core +2\.14\.1 +2\.15\.0 +yes +0\.944 +uncontrolled$/m);
    expect(table.stdout).toContain('--fail-on critical: 1 finding(s) at least critical (CVE-2021-44228 in log4j-core 2.14.1)');

    const json = await vigil('scan', bom, '--snapshot', SNAPSHOT, '--format', 'json', '--fail-on', 'critical,kev');
    expect(json.code).toBe(1);
    expect(json.stderr).toContain('vigil scan: policy failed');
    const result = JSON.parse(json.stdout) as ScanResult;
    expect(result.intelligence).toMatchObject({ source: 'snapshot', org: 'acme-medical', records: 4 });
    // The firmware itself (metadata.component) is read as a component too; it and the blob have no purl or CPE.
    expect(result.summary).toMatchObject({ components: 4, unmatchable: 2, findings: 2, kev: 2 });
    const byVuln = Object.fromEntries(result.findings.map((f) => [f.vulnId, f])) as Record<string, ScanFinding>;
    expect(byVuln['CVE-2021-44228']).toMatchObject({
      aliases: ['GHSA-jfh8-c2jp-5v3q'],
      component: { ref: 'log4j', name: 'log4j-core', version: '2.14.1' },
      severity: { level: 'critical', score: 10 },
      kev: true,
      epss: { epss: 0.94358, percentile: 0.99957 },
      match: { method: 'purl', confidence: 'exact' },
      fixedVersions: ['2.15.0'],
    });
    expect(byVuln['CVE-2014-0160']).toMatchObject({ component: { ref: 'openssl' }, severity: { level: 'high', score: 7.5 }, match: { method: 'cpe', confidence: 'high' } });
    expect(result.policy.violations.map((v) => v.rule)).toEqual(['critical', 'kev']);
  });

  it('passes --fail-on critical for log4j-core 2.17.1 (Heartbleed, high, is still reported)', async () => {
    const fixed = await vigil('scan', writeBom('fixed.cdx.json', '2.17.1'), '--snapshot', SNAPSHOT, '--fail-on', 'critical');
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stdout).not.toContain('CVE-2021-44228');
    expect(fixed.stdout).toMatch(/^high +7\.5 +CVE-2014-0160 +openssl/m);
    expect(fixed.stdout).toContain('Policy passed: --fail-on critical.');
  });

  it('reads a gzipped SBOM as well', async () => {
    writeFileSync(file('vulnerable.cdx.json.gz'), gzipSync(readFileSync(writeBom('plain.cdx.json', '2.14.1'))));
    expect((await vigil('scan', file('vulnerable.cdx.json.gz'), '--snapshot', SNAPSHOT, '--fail-on', 'critical')).code).toBe(1);
  });

  it('writes SARIF 2.1.0 that validates against the official schema', async () => {
    const bom = writeBom('sarif.cdx.json', '2.14.1');
    const out = file('scan.sarif');
    const run = await vigil('scan', bom, '--snapshot', SNAPSHOT, '--format', 'sarif', '--output', out);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('vigil scan: 2 finding(s) in 4 components (1 critical, 1 high).');
    const sarif = JSON.parse(readFileSync(out, 'utf8')) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    expect(validateSarif(sarif)).toEqual([]);
    const results = sarif.runs[0]!.results;
    expect(results.map((r) => r.ruleId)).toEqual(['CVE-2021-44228', 'CVE-2014-0160']);
    // The SBOM is outside the working directory, so it is named by a file: URI; the line is the component's bom-ref.
    const location = results[0]!.locations[0]!.physicalLocation;
    expect(location.artifactLocation.uri).toBe(new URL(`file://${bom}`).href);
    expect(readFileSync(bom, 'utf8').split('\n')[location.region.startLine - 1]).toContain('"bom-ref": "log4j"');
  });

  it('writes a CycloneDX 1.6 VDR that validates against the official schema', async () => {
    const run = await vigil('scan', writeBom('vdr.cdx.json', '2.14.1'), '--snapshot', SNAPSHOT, '--format', 'cyclonedx-vdr', '--fail-on', 'critical');
    expect(run.code).toBe(1);
    const vdr = JSON.parse(run.stdout) as { vulnerabilities: { id: string; affects: { ref: string }[]; analysis?: unknown }[]; components: { 'bom-ref': string }[] };
    expect(validateAgainstSchema(vdr, '1.6', true)).toEqual([]);
    expect(vdr.vulnerabilities.map((v) => [v.id, v.affects.map((a) => a.ref)])).toEqual([['CVE-2021-44228', ['log4j']], ['CVE-2014-0160', ['openssl']]]);
    expect(vdr.components.map((c) => c['bom-ref'])).toEqual(['log4j', 'openssl']);
    expect(vdr.vulnerabilities.every((v) => v.analysis === undefined)).toBe(true);
  });

  it('exits 2 with a precise message for a broken SBOM, a missing or bad snapshot and bad flags', async () => {
    writeFileSync(file('broken.json'), '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"x"');
    const broken = await vigil('scan', file('broken.json'), '--snapshot', SNAPSHOT);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.json is not a readable SBOM: 1 error\(s\) in the SBOM/);
    expect(broken.stderr).not.toMatch(/\n\s+at /);

    const bom = writeBom('flags.cdx.json', '2.14.1');
    const noSnapshot = await vigil('scan', bom, '--snapshot', file('absent.jsonl.gz'));
    expect(noSnapshot.code).toBe(2);
    expect(noSnapshot.stderr).toContain(`Bad snapshot: ${file('absent.jsonl.gz')} does not exist`);
    const notSnapshot = await vigil('scan', bom, '--snapshot', bom);
    expect(notSnapshot.code).toBe(2);
    expect(notSnapshot.stderr).toContain('line 1: not a Vigil intelligence snapshot');
    const noSbom = await vigil('scan', file('absent.cdx.json'), '--snapshot', SNAPSHOT);
    expect(noSbom.code).toBe(2);
    expect(noSbom.stderr).toContain('Cannot read the SBOM');

    const cases: [string[], string][] = [
      [['--snapshot', SNAPSHOT, '--format', 'xml'], '--format must be one of table, json, sarif, cyclonedx-vdr (got "xml")'],
      [['--snapshot', SNAPSHOT, '--fail-on', 'severe'], '--fail-on: "severe" is not a rule'],
      [[], 'Say where the intelligence comes from: --snapshot FILE'],
      [['--snapshot', SNAPSHOT, '--server', 'http://127.0.0.1:1'], 'not both'],
      [['--server', 'http://127.0.0.1:1'], '--server needs an API token'],
      [['--server', 'ftp://example.org', '--token', 'x'], '--server must be an http(s) URL'],
    ];
    for (const [flags, message] of cases) {
      const run = await vigil('scan', bom, ...flags);
      expect(run.code, flags.join(' ')).toBe(2);
      expect(run.stderr).toContain(message);
    }
  }, 240_000); // ten processes on a shared two-core machine
});

describe('vigil scan --server (online)', () => {
  let t: TestVigil;
  let base: string;
  let token: string;
  let viewer: { bearer: string };

  beforeAll(async () => {
    t = await startTestVigil();
    const org = await t.seedOrg('acme-medical');
    const ctx = systemContext(org.id);
    token = (await createToken(t.db, ctx, { name: 'ci', role: 'analyst', expiresInDays: 1 })).secret;
    viewer = { bearer: (await createToken(t.db, ctx, { name: 'ci-read', role: 'viewer', expiresInDays: 1 })).secret };
    for (const [kind, body] of [['osv', readFileSync(GHSA)], ['nvd', readFileSync(NVD_PAGE)], ['kev', readFileSync(KEV)], ['epss', EPSS]] as const) {
      const source = (await t.api('POST', '/api/v1/intel/sources', { as: { bearer: token }, body: { kind, name: `${kind} files` } })).json<{ id: string }>().id;
      const imported = await t.api('POST', `/api/v1/intel/sources/${source}/import`, { as: { bearer: token }, body, headers: { 'content-type': 'application/octet-stream' } });
      expect(imported.status, imported.body).toBe(200);
    }
    base = (await t.app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
  });
  afterAll(() => t?.close());

  it('gives the same findings and verdict as the snapshot scan, and stores nothing', async () => {
    const bom = writeBom('online.cdx.json', '2.14.1');
    const online = await runCli(['scan', bom, '--server', base, '--format', 'json', '--fail-on', 'critical'], { VIGIL_TOKEN: viewer.bearer });
    expect(online.code, online.stderr).toBe(1);
    const offline = await vigil('scan', bom, '--snapshot', SNAPSHOT, '--format', 'json', '--fail-on', 'critical');
    const a = JSON.parse(online.stdout) as ScanResult;
    const b = JSON.parse(offline.stdout) as ScanResult;
    expect(a.intelligence).toMatchObject({ source: 'server', org: 'acme-medical' });
    expect(a.sbom.file).toBe(bom);
    expect(comparable(a)).toEqual(comparable(b));
    expect(a.findings.map((f) => f.vulnId)).toEqual(['CVE-2021-44228', 'CVE-2014-0160']);
    const stored = await t.db.selectFrom('findings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(0);
  });

  it('serves a snapshot that scans the same as the one the CLI wrote', async () => {
    const res = await fetch(`${base}/api/v1/intel/snapshot`, { headers: { authorization: `Bearer ${viewer.bearer}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/gzip');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="vigil-intel-acme-medical-\d{4}-\d\d-\d\d\.jsonl\.gz"$/);
    writeFileSync(file('downloaded.jsonl.gz'), Buffer.from(await res.arrayBuffer()));
    const bom = writeBom('download.cdx.json', '2.14.1');
    const fromDownload = await vigil('scan', bom, '--snapshot', file('downloaded.jsonl.gz'), '--format', 'json');
    const fromCli = await vigil('scan', bom, '--snapshot', SNAPSHOT, '--format', 'json');
    expect(fromDownload.code, fromDownload.stderr).toBe(0);
    expect(comparable(JSON.parse(fromDownload.stdout) as ScanResult)).toEqual(comparable(JSON.parse(fromCli.stdout) as ScanResult));
  });

  it('exits 2 when the server refuses the token or the SBOM, or cannot be reached', async () => {
    const bom = writeBom('refused.cdx.json', '2.14.1');
    const badToken = await runCli(['scan', bom, '--server', base, '--token', 'vgl_not-a-real-token'], {});
    expect(badToken.code).toBe(2);
    expect(badToken.stderr).toMatch(/The server refused the token \(401\)/);
    writeFileSync(file('broken-online.json'), '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library"}]}');
    const badSbom = await runCli(['scan', file('broken-online.json'), '--server', base, '--token', token], {});
    expect(badSbom.code).toBe(2);
    expect(badSbom.stderr).toMatch(/The server refused .*broken-online\.json \(422\): 1 error\(s\) in the SBOM; the first at \/components\/0/);
    const badRule = await t.api('POST', '/api/v1/scan?failOn=severe', { as: viewer, body: readFileSync(bom), headers: { 'content-type': 'application/json' } });
    expect(badRule.status).toBe(400);
    expect(badRule.json()).toMatchObject({ errors: [{ pointer: '/query/failOn' }] });
    const closed = await closedPort();
    const unreachable = await runCli(['scan', bom, '--server', `http://127.0.0.1:${closed}`, '--token', token], {});
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain(`Cannot reach http://127.0.0.1:${closed}: ECONNREFUSED.`);
  });
});
