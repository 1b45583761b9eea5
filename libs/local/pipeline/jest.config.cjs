module.exports = {
  displayName: 'local-pipeline-engine',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../../coverage/libs/local/pipeline',
};
