module.exports = {
  displayName: 'local-events',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../../coverage/libs/local/events',
};
