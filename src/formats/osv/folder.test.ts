import { copyFile, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readOsvFolder } from './folder.js';
import { collect, fixturePath, fixtureText, removeTempDirs, tempDir } from './testkit.js';

afterAll(removeTempDirs);

describe('readOsvFolder', () => {
  it('reads the GitHub advisory-database layout, reviewed before unreviewed', async () => {
    const { records, issues } = await collect(readOsvFolder(fixturePath('ghsa-db')));
    expect(issues).toEqual([]);
    expect(records.map((r) => [r.id, r.source])).toEqual([
      ['GHSA-jfh8-c2jp-5v3q', 'ghsa'],
      ['GHSA-2222-hcqf-c429', 'ghsa'],
    ]);
  });

  it('walks depth-first in code-unit order of names, whatever order the files were made in', async () => {
    const dir = await tempDir();
    const place = async (relative: string, fixture: string) => {
      await mkdir(join(dir, relative, '..'), { recursive: true });
      await copyFile(fixturePath(fixture), join(dir, relative));
    };
    await place('b/RUSTSEC-2021-0003.json', 'osv/RUSTSEC-2021-0003.json');
    await place('a/z/PYSEC-2021-13.json', 'osv/PYSEC-2021-13.json');
    await place('a/GO-2022-0617.json', 'osv/GO-2022-0617.json');
    await place('B/BIT-activemq-2020-11998.json', 'osv/BIT-activemq-2020-11998.json');
    await place('GO-2021-0113.json', 'osv/GO-2021-0113.json');
    const { records } = await collect(readOsvFolder(dir));
    // Code units: upper case before lower case, "GO-…json" before "a".
    expect(records.map((r) => r.id)).toEqual(['BIT-activemq-2020-11998', 'GO-2021-0113', 'GO-2022-0617', 'PYSEC-2021-13', 'RUSTSEC-2021-0003']);
  });

  it('skips hidden folders, symbolic links and files that are not JSON; locates issues by relative path', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, '.github'));
    await writeFile(join(dir, '.github', 'GO-2021-0113.json'), fixtureText('osv/GO-2021-0113.json'));
    await mkdir(join(dir, 'vulns'));
    await writeFile(join(dir, 'vulns', 'GO-2021-0113.json'), fixtureText('osv/GO-2021-0113.json'));
    await writeFile(join(dir, 'vulns', 'PYSEC-2024-55.json'), fixtureText('invalid/PYSEC-2024-55.json'));
    await writeFile(join(dir, 'vulns', 'notes.yaml'), 'id: x');
    await symlink(join(dir, 'vulns'), join(dir, 'loop'));
    const { records, issues } = await collect(readOsvFolder(dir));
    expect(records.map((r) => r.id)).toEqual(['GO-2021-0113']);
    expect(issues.map((i) => [i.code, i.location])).toEqual([['osv.schema.invalid', 'vulns/PYSEC-2024-55.json#/modified']]);
  });

  it('refuses a file above the record size limit without reading it', async () => {
    const { records, issues } = await collect(readOsvFolder(fixturePath('osv'), { maxRecordBytes: 2000 }));
    expect(records.map((r) => r.id)).toEqual(['GO-2021-0113', 'GO-2022-0617', 'PYSEC-2021-13']);
    expect(issues.map((i) => i.location)).toEqual(['BIT-activemq-2020-11998.json', 'RUSTSEC-2021-0003.json']);
  });
});
