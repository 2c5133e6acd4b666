// One transform and one alias map for every jest config (unit and end-to-end).
const path = require('path');
const root = __dirname;
module.exports = {
  rootDir: root,
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@app/(kernel|event-store|recommendations|access|areas)$': path.join(root, 'libs/$1/src'),
  },
  testEnvironment: 'node',
};
