import { describe, expect, it } from 'vitest';
import { valueOf } from '../../../../test/support/expression-eval.js';

describe('date functions (golden examples from Entra ID\'s function reference)', () => {
  it.each([
    ['CDate([StatusHireDate])', { StatusHireDate: '2020-03-16-07:00' }, '3/16/2020 7:00:00 AM'],
    ['CDate("2021-06-30+08:00")', {}, '6/29/2021 4:00:00 PM'],
    ['CDate("2009-06-15T01:45:30-07:00")', {}, '6/15/2009 8:45:30 AM'],
    ['Now()', {}, '7/2/2021 3:33:38 PM'],
    ['FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")', { extensionAttribute1: '20150123105347.1Z' }, '2015-01-23'],
    ['DateFromNum(129699324000000000)', {}, '1/1/2012 11:00:00 PM'],
    ['NumFromDate(Join("", FormatDateTime([ContractEndDate], ,"yyyy-MM-ddzzz", "yyyy-MM-dd"), " 23:59:59-08:00"))', { ContractEndDate: '2020-12-31-08:00' }, 132539615990000000],
    ['NumFromDate(Join("",FormatDateTime([endDate], ,"M/d/yyyy hh:mm:ss tt","yyyy-MM-dd")," 23:59:59-08:00"))', { endDate: '12/31/2020 08:15:00 AM' }, 132539615990000000],
  ])('%s with %j → %j', async (text, attributes, expected) => {
    expect(await valueOf(text, attributes)).toEqual(expected);
  });

  it.each([
    ['d', 7, '3/23/2012 7:00:00 AM'],
    ['d', -10, '3/6/2012 7:00:00 AM'],
    ['ww', 2, '3/30/2012 7:00:00 AM'],
    ['m', 10, '1/16/2013 7:00:00 AM'],
    ['yyyy', 2, '3/16/2014 7:00:00 AM'],
  ])('DateAdd("%s", %i, CDate([StatusHireDate])) of 2012-03-16-07:00 is %s', async (unit, n, expected) => {
    expect(await valueOf(`DateAdd("${unit}", ${n}, CDate([StatusHireDate]))`, { StatusHireDate: '2012-03-16-07:00' })).toBe(expected);
  });

  it.each([
    ['d', '2021-08-18+08:00', '2021-08-31+08:00', 13],
    ['d', '8/25/2021 5:41:18 PM', '2012-03-16-07:00', -3449],
    ['ww', '8/25/2021 5:41:18 PM', '2012-03-16-07:00', -493],
    ['m', '8/25/2021 5:41:18 PM', '2012-03-16-07:00', -113],
    ['yyyy', '8/25/2021 5:41:18 PM', '2012-03-16-07:00', -9],
    ['d', '2021-08-31+08:00', '2021-08-31+08:00', 0],
    ['h', '2021-08-24', '2021-08-25', 24],
    ['n', '2021-08-24', '2021-08-25', 1440],
    ['s', '2021-08-24', '2021-08-25', 86400],
  ])('DateDiff("%s", %s, %s) is %i', async (unit, a, b, expected) => {
    expect(await valueOf(`DateDiff("${unit}", CDate("${a}"), CDate("${b}"))`)).toBe(expected);
    expect(await valueOf(`DateDiff("${unit}", "${a}", "${b}")`)).toBe(expected);
  });
});

describe('DateAdd', () => {
  it('clamps to the end of the month like .NET AddMonths, and adds hours, minutes and seconds', async () => {
    expect(await valueOf('DateAdd("m", 1, CDate("2021-01-31"))')).toBe('2/28/2021 12:00:00 AM');
    expect(await valueOf('DateAdd("yyyy", 1, CDate("2020-02-29"))')).toBe('2/28/2021 12:00:00 AM');
    expect(await valueOf('DateAdd("m", -13, CDate("2021-03-31T10:00:00Z"))')).toBe('2/29/2020 10:00:00 AM');
    expect(await valueOf('DateAdd("h", 25, Now())')).toBe('7/3/2021 4:33:38 PM');
    expect(await valueOf('DateAdd("n", -34, Now())')).toBe('7/2/2021 2:59:38 PM');
    expect(await valueOf('DateAdd("s", 22, Now())')).toBe('7/2/2021 3:34:00 PM');
  });
  it('is null for a null date, and refuses unknown intervals and texts that are not dates', async () => {
    expect(await valueOf('DateAdd("d", 1, [x])')).toBeNull();
    await expect(valueOf('DateAdd("q", 1, Now())')).rejects.toThrow(/unknown interval "q"; expected one of yyyy, m, d, ww, h, n, s/);
    await expect(valueOf('DateAdd("d", 1, "yesterday")')).rejects.toThrow(/cannot read "yesterday" as a date/);
  });
});

describe('CDate', () => {
  it.each([
    ['2021-06-30', '6/30/2021 12:00:00 AM'],
    ['2021-06-30T23:59:59.999Z', '6/30/2021 11:59:59 PM'],
    ['2021-06-30 12:00', '6/30/2021 12:00:00 PM'],
    ['20210630T120000Z', '6/30/2021 12:00:00 PM'],
    ['6/30/2021 12:30:00 AM', '6/30/2021 12:30:00 AM'],
    ['6/30/2021', '6/30/2021 12:00:00 AM'],
    ['Wed, 30 Jun 2021 10:00:00 GMT', '6/30/2021 10:00:00 AM'],
    ['June 30, 2021', '6/30/2021 12:00:00 AM'],
  ])('reads %j as %s', async (text, expected) => {
    expect(await valueOf(`CDate("${text}")`)).toBe(expected);
  });
  it.each(['2021-02-30', '13/1/2021', 'soon', '2021-06-30T25:00', '12'])('refuses %j', async (text) => {
    await expect(valueOf(`CDate("${text}")`)).rejects.toThrow(/CDate: cannot read/);
  });
});

describe('FormatDateTime', () => {
  it('parses and formats .NET custom and standard formats', async () => {
    const f = (source: string, input: string, output: string, styles = '') => valueOf(`FormatDateTime("${source}", ${styles ? `"${styles}"` : ''}, "${input}", "${output}")`);
    expect(await f('2021-06-30T14:05:09.123Z', "yyyy-MM-dd'T'HH:mm:ss.fffK", 'dddd, MMMM d, yyyy h:mm:ss.fff tt zzz')).toBe('Wednesday, June 30, 2021 2:05:09.123 PM +00:00');
    expect(await f('30 Jun 21', 'dd MMM yy', 'yyyyMMdd')).toBe('20210630');
    expect(await f('  6/30/2021  ', 'M/d/yyyy', 'o')).toBe('2021-06-30T00:00:00.0000000Z');
    expect(await f('6/30/2021', 'M/d/yyyy', 's')).toBe('2021-06-30T00:00:00');
    expect(await f('6/30/2021', 'M/d/yyyy', 'D')).toBe('Wednesday, June 30, 2021');
    expect(await f('2021-06-30 10:00 +02:00', 'yyyy-MM-dd HH:mm zzz', 'HH:mm')).toBe('08:00');
    expect(await f('2021-06-30', 'yyyy-MM-dd', 'yyyy-MM-ddTHH:mm:ss.FFF')).toBe('2021-06-30T00:00:00');
    expect(await f('2021 - 06 - 30', 'yyyy-MM-dd', '%d', 'AllowWhiteSpaces')).toBe('30');
    expect(await f('14:05', 'HH:mm', 'yyyy-MM-dd HH:mm')).toBe('2021-07-02 14:05');
    expect(await f('14:05', 'HH:mm', 'yyyy-MM-dd', 'NoCurrentDateDefault')).toBe('0001-01-01');
    expect(await valueOf('FormatDateTime(CDate("2021-06-30"), , "ignored", "yyyy")')).toBe('2021');
  });
  it('is null for a null source, and says where the text leaves the format', async () => {
    expect(await valueOf('FormatDateTime([x], , "yyyy", "yyyy")')).toBeNull();
    await expect(valueOf('FormatDateTime("2021-06-30", , "yyyy/MM/dd", "yyyy")')).rejects.toThrow(/does not match the format "yyyy\/MM\/dd" at character 5 \(expected "\/"\)/);
    await expect(valueOf('FormatDateTime("2021-02-30", , "yyyy-MM-dd", "yyyy")')).rejects.toThrow(/day 30 does not exist in month 2 of 2021/);
    await expect(valueOf('FormatDateTime("2021-06-30x", , "yyyy-MM-dd", "yyyy")')).rejects.toThrow(/extra text/);
    await expect(valueOf('FormatDateTime("2021", "Sometimes", "yyyy", "yyyy")')).rejects.toThrow(/unknown DateTimeStyles value "Sometimes"/);
  });
});

describe('DateFromNum and NumFromDate', () => {
  it('convert Active Directory FILETIME numbers both ways, exactly', async () => {
    expect(await valueOf('NumFromDate("2012-01-01T23:00:00Z")')).toBe(129699324000000000);
    expect(await valueOf('DateFromNum("132539615990000000")')).toBe('1/1/2021 7:59:59 AM');
    expect(await valueOf('DateFromNum(NumFromDate("2021-06-30T12:34:56Z"))')).toBe('6/30/2021 12:34:56 PM');
    expect(await valueOf('CStr(NumFromDate("2021-06-30T12:34:56Z"))')).toBe('132695300960000000');
    expect(await valueOf('DateFromNum([x])')).toBeNull();
    await expect(valueOf('DateFromNum("never")')).rejects.toThrow(/whole number/);
  });
});
