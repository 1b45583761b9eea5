module.exports = {
  displayName: 'sales-generation',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../../coverage/libs/sales/generation',
};
