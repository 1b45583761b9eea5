module.exports = {
  displayName: 'order-file-preparation',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../../coverage/libs/orders/file-preparation',
};
