import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as core from './index.js';

// The real GitHub advisory for Log4Shell, stored by the ranges tests (see ranges/testdata/README.md).
const log4shell = JSON.parse(readFileSync(new URL('./ranges/testdata/GHSA-jfh8-c2jp-5v3q.affected.json', import.meta.url), 'utf8')).advisory as core.OsvAdvisory;

describe('the core entry point', () => {
  it('takes a component from purl to an explained verdict, with every step from one import', () => {
    const compiled = core.compileOsvAdvisory(log4shell);
    const verdictFor = (purl: string) => {
      const parsed = core.unwrap(core.parsePurl(purl));
      const pkg = core.purlToOsvPackage(parsed)!;
      return core.evaluateOsvAdvisory(compiled, pkg, parsed.version!);
    };
    const vulnerable = verdictFor('pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1');
    expect(vulnerable.status).toBe('affected');
    expect(vulnerable.reasons.map(core.describeOsvReason).join('; ')).toMatch(/introduced in 2\.13\.0.*fixed in 2\.15\.0/);
    expect(verdictFor('pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1').status).toBe('not-affected');
    // Log4Shell's NVD score: CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H = 10.0 Critical.
    const score = core.scoreCvss(core.unwrap(core.parseCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H')));
    expect([score.overall, score.severity]).toEqual([10, 'Critical']);
  });

  it('exposes a scheme for every ecosystem the matching issue names', () => {
    for (const ecosystem of ['npm', 'PyPI', 'Maven', 'Go', 'NuGet', 'RubyGems', 'Packagist', 'crates.io', 'Hex', 'Pub', 'Debian:12', 'Alpine:v3.18', 'Red Hat']) {
      expect(core.schemeForEcosystem(ecosystem), ecosystem).toBeDefined();
    }
    expect(core.schemeForEcosystem('OSS-Fuzz')).toBeUndefined();
  });
});
