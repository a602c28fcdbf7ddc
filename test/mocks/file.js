// Imported images resolve to a fixed path under jest.
module.exports = 'test-file-stub.png'
