import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

// Real uploads, flood locks and budget windows run on real time: give each test room.
jest.setTimeout(60_000);

// The Node entry's clients share the machine's pace ledger; a test run keeps its own, so that locks it
// provokes on purpose (and the pace learnt from them) stay in the run.
process.env.ONEFICHIER_PACE_DIR = mkdtempSync(join(tmpdir(), 'integration-pace-'));
