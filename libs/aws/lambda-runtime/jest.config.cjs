module.exports = {
  displayName: 'lambda-runtime',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../../coverage/libs/aws/lambda-runtime',
};
