module.exports = {
  displayName: 'order-validator',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/apps/order-validator',
};
