module.exports = {
  displayName: 'pipeline-contracts',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../../coverage/libs/pipeline/contracts',
};
