import { parse } from 'csv-parse/sync';
import { csvField, csvHeader, csvRow } from './csv';

describe('CSV writing', () => {
  it('quotes only where needed, and csv-parse reads it back', () => {
    const values = ['plain', 'with, comma', 'with "quote"', 'two\r\nlines'];
    const line = values.map(csvField).join(',');
    expect(line).toBe('plain,"with, comma","with ""quote""","two\r\nlines"');
    expect(parse(line)).toEqual([values]);
  });

  it('writes files as Excel opens them: a UTF-8 byte order mark, then CRLF lines', () => {
    const file = csvHeader(['name', 'note']) + csvRow(['Café £5', null]) + csvRow([3, true]);
    expect(file).toBe('\uFEFFname,note\r\nCafé £5,\r\n3,true\r\n');
    expect([...Buffer.from(file).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('makes text a spreadsheet would run as a formula inert, but not numbers', () => {
    expect(csvRow(['=1+1', '-2', -2])).toBe("'=1+1,'-2,-2\r\n");
  });
});
