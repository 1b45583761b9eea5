module.exports = {
  displayName: 'sales-generator',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/apps/sales-generator',
};
