module.exports = {
  displayName: 'order-file-preparer',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/apps/order-file-preparer',
};
