/**
 * Reading the site's HTML in HTTP end-to-end tests, as a person reads it: text without tags,
 * with runs of white space as one space.
 */

/** The text of every `<tag ...>...</tag>` matching `pattern` (global, one group), tags stripped. */
export const texts = (html: string, pattern: RegExp): string[] =>
  [...html.matchAll(pattern)].map((match) =>
    match[1]
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );

/** Rows of a table's body (the table by id) as the texts of their cells. */
export const tableRows = (html: string, id: string): string[][] => {
  const [, body] = html.match(
    new RegExp(`<table[^>]*id="${id}"[\\s\\S]*?<tbody[^>]*>([\\s\\S]*?)</tbody>`),
  )!;
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map(([, row]) =>
    texts(row, /<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g),
  );
};
