module.exports = {
  displayName: 'aws-adapters',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../../coverage/libs/aws/adapters',
};
