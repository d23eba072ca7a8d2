// n8n-core reads its configuration from the environment when its services are first built: set it before
// anything imports n8n-core. Each jest worker gets its own n8n folder (binary data, instance settings).
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const n8nFolder = mkdtempSync(join(tmpdir(), 'n8n-1fichier-harness-'));
process.env.N8N_USER_FOLDER = n8nFolder;
process.env.N8N_ENCRYPTION_KEY = 'harness-encryption-key';
process.env.N8N_DEFAULT_BINARY_DATA_MODE = process.env.N8N_DEFAULT_BINARY_DATA_MODE ?? 'filesystem';
process.env.N8N_BINARY_DATA_SIGNING_SECRET = 'harness-signing-secret';
process.env.N8N_RESTRICT_FILE_ACCESS_TO = '';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
