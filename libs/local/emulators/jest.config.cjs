module.exports = {
  displayName: 'local-emulators',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../../coverage/libs/local/emulators',
};
