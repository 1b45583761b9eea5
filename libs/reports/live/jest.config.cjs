module.exports = {
  displayName: 'report-live',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../../coverage/libs/reports/live',
};
