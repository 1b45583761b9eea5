module.exports = {
  displayName: 'report-page',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../../coverage/libs/reports/page',
};
