module.exports = {
  displayName: 'operations-local',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../../coverage/libs/operations/local',
};
