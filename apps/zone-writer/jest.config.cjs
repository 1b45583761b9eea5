module.exports = {
  displayName: 'zone-writer',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/apps/zone-writer',
};
