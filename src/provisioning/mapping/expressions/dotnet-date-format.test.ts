import { describe, expect, it } from 'vitest';
import { formatDotNetDate, tokenizeDateFormat } from './dotnet-date-format.js';

const at = Date.UTC(2009, 5, 15, 13, 45, 30, 617);

describe('formatDotNetDate', () => {
  it.each([
    ['M/d/yyyy h:mm:ss tt', '6/15/2009 1:45:30 PM'],
    ['MM/dd/yy HH:mm', '06/15/09 13:45'],
    ['dddd, MMMM dd, yyyy', 'Monday, June 15, 2009'],
    ['ddd MMM d', 'Mon Jun 15'],
    ['yyyy-MM-ddTHH:mm:ss.fffK', '2009-06-15T13:45:30.617Z'],
    ['HH:mm:ss.ffff FFFFFFF', '13:45:30.6170 617'],
    ["'Day' d 'of' MMMM", 'Day 15 of June'],
    ['"h"h\\h', 'h1h'],
    ['%M', '6'],
    ['t', '1:45 PM'],
    ['u', '2009-06-15 13:45:30Z'],
    ['r', 'Mon, 15 Jun 2009 13:45:30 GMT'],
    ['y yyy yyyyy', '9 2009 02009'],
    ['z zz zzz', '+0 +00 +00:00'],
    ['hh tt', '01 PM'],
    ['g', '6/15/2009 1:45 PM'],
  ])('formats %j as %j', (format, expected) => {
    expect(formatDotNetDate(at, format)).toBe(expected);
  });

  it('drops the "." before F fields that print nothing, and prints midnight as 12 AM', () => {
    expect(formatDotNetDate(Date.UTC(2009, 5, 15), 'HH:mm:ss.FFF')).toBe('00:00:00');
    expect(formatDotNetDate(Date.UTC(2009, 5, 15), 'h:mm tt')).toBe('12:00 AM');
  });

  it('refuses formats .NET refuses', () => {
    expect(() => tokenizeDateFormat("yyyy 'open")).toThrow(/not closed/);
    expect(() => tokenizeDateFormat('h')).toThrow(/not a standard date format/);
    expect(() => formatDotNetDate(at, 'ffffffff')).toThrow(/more than 7 fraction digits/);
  });
});
