module.exports = {
  displayName: 'terraform',
  preset: '../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/tests/**/*.spec.ts'],
  coverageDirectory: '../coverage/terraform',
};
