module.exports = {
  displayName: 'json-array-stream',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../../coverage/libs/json/array-stream',
};
