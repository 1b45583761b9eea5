module.exports = {
  displayName: 'sales-report',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/apps/sales-report',
};
