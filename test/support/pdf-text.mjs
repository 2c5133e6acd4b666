// Each page's text of the PDF on standard input, as a JSON array on standard output: read with
// pdf-parse (pdf.js), whose worker loads as an ES module, so in a process of its own (jest's
// module system cannot load it).
import { PDFParse } from 'pdf-parse';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
try {
  const { pages } = await parser.getText();
  process.stdout.write(JSON.stringify(pages.map((page) => page.text)));
} finally {
  await parser.destroy();
}
