module.exports = {
  displayName: 'operations',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../../coverage/libs/operations/core',
};
