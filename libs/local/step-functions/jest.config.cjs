module.exports = {
  displayName: 'local-step-functions',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../../coverage/libs/local/step-functions',
};
