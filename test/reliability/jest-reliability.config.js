// The reliability suite (docs/RELIABILITY.md): `npm run test:reliability` runs it at full
// scale; RELIABILITY_SCALE=ci runs the bounded version `.ci/run` uses.
const shared = require('../../jest.shared');

// Tampering: the thousand random alterations at full scale, the unit suite's 300 in CI.
process.env.TAMPER_ALTERATIONS ??= process.env.RELIABILITY_SCALE === 'ci' ? '300' : '1000';
module.exports = {
  ...shared,
  roots: ['<rootDir>/test/reliability', '<rootDir>/libs/audit/src/tamper-evidence'],
  testRegex: '(\\.reliability-spec\\.ts|random-alterations\\.spec\\.ts)$',
  testTimeout: 30 * 60 * 1000,
};
