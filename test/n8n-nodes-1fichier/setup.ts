// The workflow tests start n8n's execution engine, the package checks build and pack the package, and the
// sandbox tests move real bytes over loopback: give each test room (a per-project testTimeout is not
// honoured in the root multi-project jest run, a setup file is).
jest.setTimeout(120_000);
