import { csvField, parseCsvRecord } from './csv';

describe('CSV records', () => {
  it('splits plain and quoted fields', () => {
    expect(parseCsvRecord('E06000010,810,"Kingston upon Hull, City of",unitary')).toEqual([
      'E06000010',
      '810',
      'Kingston upon Hull, City of',
      'unitary',
    ]);
  });

  it('reads doubled quotes and empty fields', () => {
    expect(parseCsvRecord('a,"say ""hi""",,')).toEqual(['a', 'say "hi"', '', '']);
  });

  it('quotes only where needed and round-trips', () => {
    const values = ['plain', 'with, comma', 'with "quote"'];
    const line = values.map(csvField).join(',');
    expect(line).toBe('plain,"with, comma","with ""quote"""');
    expect(parseCsvRecord(line)).toEqual(values);
  });
});
