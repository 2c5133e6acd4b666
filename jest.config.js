const shared = require('./jest.shared');
module.exports = {
  ...shared,
  roots: ['<rootDir>/libs', '<rootDir>/apps'],
  testRegex: '\\.spec\\.ts$',
};
