const shared = require('../jest.shared');
module.exports = {
  ...shared,
  roots: ['<rootDir>/test'],
  testRegex: '\\.e2e-spec\\.ts$',
  // A server starts by seeding the shipped data (some 300 events, 153 enrolments in one programme).
  testTimeout: 60000,
};
