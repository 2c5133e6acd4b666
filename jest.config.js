const shared = require('./jest.shared');
module.exports = {
  ...shared,
  roots: ['<rootDir>/libs', '<rootDir>/apps'],
  testRegex: '\\.spec\\.ts$',
  // Store and tamper-evidence specs do real I/O; a loaded machine must not fail them on time.
  testTimeout: 30_000,
};
