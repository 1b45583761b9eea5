module.exports = {
  displayName: 'order-validation',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../../coverage/libs/orders/validation',
};
