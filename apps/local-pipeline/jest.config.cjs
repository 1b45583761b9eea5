module.exports = {
  displayName: 'local-pipeline',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/apps/local-pipeline',
};
