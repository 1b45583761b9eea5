module.exports = {
  displayName: 'pipeline-ops',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/apps/pipeline-ops',
};
