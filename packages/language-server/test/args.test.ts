import { requestedInfo, requestedTransport } from '../src/args';

describe('requestedTransport', () => {
  it('finds the transport flags vscode-languageserver reads, among whatever else an editor passes', () => {
    expect(requestedTransport(['--stdio'])).toBe('stdio');
    expect(requestedTransport(['--clientProcessId=4242', '--node-ipc'])).toBe('node-ipc');
    expect(requestedTransport(['--socket=5007'])).toBe('socket');
    expect(requestedTransport(['--pipe', '/tmp/lsp.sock'])).toBe('pipe');
    expect(requestedTransport(['--some-editor-flag', '--stdio'])).toBe('stdio');
  });
  it('has none without a usable transport (the server then says how to start it)', () => {
    expect(requestedTransport([])).toBeUndefined();
    expect(requestedTransport(['--clientProcessId=4242'])).toBeUndefined();
    expect(requestedTransport(['--socket'])).toBeUndefined();
    expect(requestedTransport(['stdio'])).toBeUndefined();
  });
});

describe('requestedInfo', () => {
  it('answers --version and --help before any transport', () => {
    expect(requestedInfo(['--version'])).toBe('version');
    expect(requestedInfo(['--stdio', '--help'])).toBe('help');
    expect(requestedInfo(['--stdio'])).toBeUndefined();
    expect(requestedInfo([])).toBeUndefined();
  });
});
