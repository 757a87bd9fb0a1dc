import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, toCsvText } from './csv.ts';

describe('CSV', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, with their line numbers', () => {
    const text = 'title,amount\r\n"Lunch, team",12.50\n"He said ""hi""",3\n"two\nlines",4\n\nlast,5';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['title', 'amount'] },
      { line: 2, fields: ['Lunch, team', '12.50'] },
      { line: 3, fields: ['He said "hi"', '3'] },
      { line: 4, fields: ['two\nlines', '4'] },
      { line: 7, fields: ['last', '5'] },
    ]);
  });

  it('keeps empty fields and skips a byte-order mark', () => {
    expect(parseCsv('\ufeffa,,c\n,,\n')).toEqual([
      { line: 1, fields: ['a', '', 'c'] },
      { line: 2, fields: ['', '', ''] },
    ]);
  });

  it('refuses an unclosed quote and text after a closing quote, naming the line', () => {
    expect(() => parseCsv('a\n"open')).toThrow(CsvError);
    expect(() => parseCsv('"x"y,1')).toThrow(/after a closing quote/);
  });

  it('writes what it reads back', () => {
    const rows = [['Lunch, team', 'He said "hi"', 'two\nlines', ' padded']];
    const text = toCsvText(['a', 'b', 'c', 'd'], rows);
    expect(parseCsv(text).map((r) => r.fields)).toEqual([['a', 'b', 'c', 'd'], ...rows]);
  });
});
