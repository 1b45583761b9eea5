module.exports = {
  displayName: 'local-cost',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../../coverage/libs/local/cost',
};
