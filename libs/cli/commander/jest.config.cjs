module.exports = {
  displayName: 'cli-commander',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../../coverage/libs/cli/commander',
};
