module.exports = {
  displayName: 'analytics-engines',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../../coverage/libs/analytics/engines',
};
