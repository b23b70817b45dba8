import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  debianEndOfLife,
  findDebianCodename,
  laterSupportedCodenames,
  replaceDebianCodename,
} from '../../../src/core/tags/debian-support.ts';
import { DEBIAN_RELEASES } from '../../../src/core/tags/debian-release-data.ts';
import { DistroInfoCsvError, parseDistroInfoCsv } from '../../../src/core/tags/parse-distro-info-csv.ts';

const CSV = `version,codename,series,created,release,eol,eol-lts,eol-elts
10,Buster,buster,2017-06-17,2019-07-06,2022-09-10,2024-06-30,2029-06-30
11,Bullseye,bullseye,2019-07-06,2021-08-14,2024-08-14,2026-08-31,2031-06-30
12,Bookworm,bookworm,2021-08-14,2023-06-10,2026-07-11,2028-06-30,2033-06-30
13,Trixie,trixie,2023-06-10,2025-08-09,2028-08-09,2030-06-30,2035-06-30
14,Forky,forky,2025-08-09
5.0,Lenny,lenny,2007-04-08,2009-02-14,2012-02-06
,Sid,sid,1993-08-16
,Experimental,experimental,1993-08-16
`;

describe('parseDistroInfoCsv', () => {
  const releases = parseDistroInfoCsv(CSV);

  it('reads every row, leaving absent columns out', () => {
    expect(releases.map((r) => r.series)).toEqual(['buster', 'bullseye', 'bookworm', 'trixie', 'forky', 'lenny', 'sid', 'experimental']);
    expect(releases[1]).toEqual({
      version: '11',
      codename: 'Bullseye',
      series: 'bullseye',
      created: '2019-07-06',
      release: '2021-08-14',
      eol: '2024-08-14',
      eolLts: '2026-08-31',
      eolElts: '2031-06-30',
    });
    expect(releases[4]).toEqual({ version: '14', codename: 'Forky', series: 'forky', created: '2025-08-09' });
    expect(releases[5]).toEqual({ version: '5.0', codename: 'Lenny', series: 'lenny', created: '2007-04-08', release: '2009-02-14', eol: '2012-02-06' });
    expect(releases[6]).toEqual({ codename: 'Sid', series: 'sid', created: '1993-08-16' });
  });

  it.each([
    ['a malformed date is dropped', 'version,codename,series,created,release,eol\n9,Stretch,stretch,2015-04-26,someday,2020-07-18', { version: '9', codename: 'Stretch', series: 'stretch', created: '2015-04-26', eol: '2020-07-18' }],
    ['CRLF line ends', 'version,codename,series,created,release,eol\r\n9,Stretch,stretch,2015-04-26,2017-06-17,2020-07-18\r\n', { version: '9', codename: 'Stretch', series: 'stretch', created: '2015-04-26', release: '2017-06-17', eol: '2020-07-18' }],
  ])('%s', (_name, text, expected) => {
    expect(parseDistroInfoCsv(text)).toEqual([expected]);
  });

  it('skips rows without a usable series', () => {
    expect(parseDistroInfoCsv('version,codename,series,created,release,eol\n1,X,,2000-01-01\n2,Y,Bad Name,2000-01-01')).toEqual([]);
  });

  it.each(['', 'a,b,c\n1,2,3'])('throws on a text without the header (%j)', (text) => {
    expect(() => parseDistroInfoCsv(text)).toThrow(DistroInfoCsvError);
  });

  it("agrees with the machine's distro-info-data on every release already made", () => {
    let text: string;
    try {
      text = readFileSync('/usr/share/distro-info/debian.csv', 'utf8');
    } catch (error) {
      // Not a silent pass: the check needs Debian's table, as the README's test command and .ci/run install it.
      throw new Error(`/usr/share/distro-info/debian.csv is unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'}): install Debian's distro-info-data package (apt-get install distro-info-data), as .ci/run does`);
    }
    // A newer distro-info-data may add releases or move future dates; past releases never change.
    const machine = new Map(parseDistroInfoCsv(text).map((release) => [release.series, release]));
    for (const release of DEBIAN_RELEASES.filter((r) => r.release !== undefined && r.release < '2026-01-01')) {
      expect(machine.get(release.series)?.release).toBe(release.release);
    }
  });
});

describe('Debian support', () => {
  const table = parseDistroInfoCsv(CSV);

  it.each([
    ['bullseye-20250520-slim', 'bullseye'],
    ['1.18.4-erlang-27.2.4-debian-bullseye-20250520-slim', 'bullseye'],
    ['bookworm', 'bookworm'],
    ['trixie20250520', 'trixie'],
    ['sid-20250520', undefined],
    ['experimental-20250520', undefined],
    ['bullseyes-20250520', undefined],
    ['jammy-20240111', undefined],
    ['Bullseye-20250520', undefined],
    ['slim-buster-bookworm', 'buster'],
  ])('findDebianCodename(%s) = %s', (value, expected) => {
    expect(findDebianCodename(value, table)).toBe(expected);
  });

  it('uses the generated table by default', () => {
    expect(findDebianCodename('trixie-20250901')).toBe('trixie');
  });

  it.each([
    ['x-bullseye-2025', 'bullseye', 'trixie', 'x-trixie-2025'],
    ['bullseyebullseye-bullseye-1', 'bullseye', 'bookworm', 'bullseyebullseye-bookworm-1'],
    ['nothing', 'bullseye', 'bookworm', 'nothing'],
  ])('replaceDebianCodename(%s, %s, %s)', (value, from, to, expected) => {
    expect(replaceDebianCodename(value, from, to)).toBe(expected);
  });

  it.each([
    ['bullseye', '2026-08-31T23:59:59Z', undefined],
    ['bullseye', '2026-09-01T00:00:00Z', { codename: 'bullseye', ended: '2026-08-31' }],
    ['buster', '2025-01-01T00:00:00Z', { codename: 'buster', ended: '2024-06-30' }],
    ['lenny', '2025-01-01T00:00:00Z', { codename: 'lenny', ended: '2012-02-06' }],
    ['bookworm', '2026-09-01T00:00:00Z', undefined],
    ['forky', '2040-01-01T00:00:00Z', undefined],
    ['sid', '2040-01-01T00:00:00Z', undefined],
    ['jammy', '2040-01-01T00:00:00Z', undefined],
  ])('debianEndOfLife(%s, %s)', (codename, now, expected) => {
    expect(debianEndOfLife(codename, new Date(now), table)).toEqual(expected);
  });

  it('says bullseye ended 2026-08-31 with the generated table', () => {
    expect(debianEndOfLife('bullseye', new Date('2026-11-29T00:00:00Z'))).toEqual({ codename: 'bullseye', ended: '2026-08-31' });
  });

  it.each([
    ['bullseye', '2026-09-01T00:00:00Z', ['bookworm', 'trixie']],
    ['bullseye', '2025-08-08T00:00:00Z', ['bookworm']],
    ['bullseye', '2025-08-09T00:00:00Z', ['bookworm', 'trixie']],
    ['buster', '2028-07-01T00:00:00Z', ['trixie']],
    ['trixie', '2026-09-01T00:00:00Z', []],
    ['jammy', '2026-09-01T00:00:00Z', []],
  ])('laterSupportedCodenames(%s, %s)', (codename, now, expected) => {
    expect(laterSupportedCodenames(codename, new Date(now), table)).toEqual(expected);
  });
});
