// The transfer paths before the transport rewrite (BASELINE_COMMIT in bench/lib/build.mjs), measured side by side with today's: bench/lib/build.mjs bundles this
// worker against the core's sources at BASELINE_COMMIT (taken from git), so "old" in the figures is the
// code that shipped then (axios transport, per-chunk timer race, async generators, a WriteStream loop), not
// a copy kept in the repository.
import { OneFichierClient } from '@onefichier/core';
import { createAxiosTransport, downloadToFile, fileSource, realClock } from '@onefichier/core/node';
import { answerParent, measureDownload, measureUpload, type CoreKit } from './lib/transfers';

const kit: CoreKit = { Client: OneFichierClient, clock: realClock, fileSource, downloadToFile, transport: () => createAxiosTransport() };

answerParent({
  upload: (a: Parameters<typeof measureUpload>[1]) => measureUpload(kit, a),
  download: (a: Parameters<typeof measureDownload>[1]) => measureDownload(kit, a),
});
