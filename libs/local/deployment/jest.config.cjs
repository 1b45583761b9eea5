module.exports = {
  displayName: 'local-deployment',
  preset: '../../../jest.preset.cjs',
  rootDir: __dirname,
  coverageDirectory: '../../../coverage/libs/local/deployment',
  // Evaluating the real Terraform (HCL parser in WASM) and starting the emulators take seconds on a loaded machine.
  testTimeout: 60_000,
};
