module.exports = {
  displayName: 'local-lambda-zip',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../../coverage/libs/local/lambda-zip',
};
