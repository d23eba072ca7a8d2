// Imported before the harness by tests that run with n8n's in-memory binary data ("default" mode), where
// binary data has no id and no stream. The previous value is restored by restoreBinaryMode().
const previous = process.env.N8N_DEFAULT_BINARY_DATA_MODE;
process.env.N8N_DEFAULT_BINARY_DATA_MODE = 'default';

export function restoreBinaryMode(): void {
  if (previous === undefined) delete process.env.N8N_DEFAULT_BINARY_DATA_MODE;
  else process.env.N8N_DEFAULT_BINARY_DATA_MODE = previous;
}
