module.exports = {
  displayName: 'analytics-zone',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../../coverage/libs/analytics/zone',
};
