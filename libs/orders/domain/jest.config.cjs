module.exports = {
  displayName: 'orders-domain',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../../coverage/libs/orders/domain',
};
