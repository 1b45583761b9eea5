module.exports = {
  displayName: 'terraform-hcl',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../../coverage/libs/terraform/hcl',
};
