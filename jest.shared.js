// One transform and one alias map for every jest config (unit and end-to-end).
const path = require('path');
const root = __dirname;
module.exports = {
  rootDir: root,
  transform: {
    // Transpile only: `npm run typecheck` type-checks the whole tree once.
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }],
    '^.+\\.js$': '<rootDir>/jest.esm-transform.js',
  },
  // Packages published only as ES modules (Nest 12; feed; cookie, which light-my-request uses for
  // app.inject; openid-client and its oauth4webapi and jose) go through jest.esm-transform.js; the rest of node_modules runs as published.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|cookie|feed|openid-client|oauth4webapi|jose)/)',
  ],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@app/(kernel|platform|core|event-store|recommendations|access|accounts|areas|rollout|audit|site|webhooks|reminders|sources|evaluations|funding)$':
      path.join(root, 'libs/$1/src'),
  },
  testEnvironment: 'node',
};
