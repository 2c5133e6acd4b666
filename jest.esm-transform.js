// NestJS 12 publishes ES modules only. Node (20.19+) loads them from our CommonJS build through
// require(esm), but jest 29 on Node 20 does not: its own module system needs CommonJS. This turns
// those packages into CommonJS for the tests, the way tsc turns our own code.
const crypto = require('crypto');
const fs = require('fs');
const ts = require('typescript');

const self = fs.readFileSync(__filename);

module.exports = {
  getCacheKey(source, filename) {
    return crypto.createHash('sha1').update(self).update(filename).update(source).digest('hex');
  },
  process(source, filename) {
    const code = source
      // `const require = createRequire(import.meta.url)` and the like rebuild what CommonJS
      // already passes every module; redeclaring them would be a syntax error there.
      .replace(/^const (require|__filename|__dirname) = .*\bimport\.meta\.url\b.*$/gm, '')
      .replace(/\bimport\.meta\.url\b/g, 'require("url").pathToFileURL(__filename).href');
    const { outputText } = ts.transpileModule(code, {
      fileName: filename,
      compilerOptions: {
        allowJs: true,
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
    });
    return { code: outputText };
  },
};
