// Runs in every test file's context before its modules load (jest.config.js `setupFiles`).
//
// Node 21+ defines a global `navigator`. node-forge's big-integer code (jsbn) reads it as "a
// browser" and switches to its floating-point multiply, which inside Jest's vm context on Node 24
// makes every RSA operation about 30 times slower (five RSA-3072 signatures: ~47 s instead of
// ~1.5 s), enough to time out the certificate and extract tests. No Lantern code reads
// `navigator`; without it forge takes its Node path, as it does outside Jest.
delete globalThis.navigator;
