// The figures `pnpm bench` reports: name, target and a one-line meaning (the table and the docs use it).
// A target is [comparison, value]; null means "for the record".

export const FIGURES = [
  { name: 'upload_vs_curl', target: ['>=', 0.9], meaning: 'curl POST time / core POST time, to a node that does not hash (two senders)' },
  { name: 'upload_vs_curl_hashing', target: null, meaning: 'the same, to a node that hashes every upload like the real service' },
  { name: 'upload_hash_overlap', target: ['<=', 1.15], meaning: 'upload with Whirlpool check / max(upload without, hashing alone)' },
  { name: 'download_vs_curl', target: ['>=', 0.9], meaning: 'curl download time / core downloadToFile time (token + Range host)' },
  { name: 'upload_rss_growth_mb', target: ['<=', 20], meaning: 'peak RSS of a big upload minus that of a small one (MB)' },
  { name: 'limiter_efficiency', target: ['>=', 0.9], meaning: 'theoretical minimum time of the mixed calls / time taken' },
  { name: 'limiter_flood_locks', target: ['==', 0], meaning: 'flood locks (#374) the sandbox gave during the limiter run' },
  {
    name: 'multiprocess_flood_locks',
    target: ['==', 0],
    meaning: 'flood locks during 4 processes x 2 keys on one IP, 300 calls, sharing the pace ledger',
  },
  { name: 'multiprocess_efficiency', target: ['>=', 0.85], meaning: 'theoretical minimum time of that run / time taken' },
  {
    name: 'n8n_queue_flood_locks',
    target: ['==', 0],
    meaning: 'flood locks during the n8n queue-mode run (2 workers), "Processes Sharing This Key" = 2',
    optional: true,
  },
  {
    name: 'fault_matrix_flood_locks',
    target: ['==', 0],
    meaning: 'flood locks the sandbox gave in the fault matrix under its default profile (every switch, main operations)',
  },
  {
    name: 'fault_matrix_flood_locks_strict',
    target: ['<=', 1],
    meaning: 'most flood locks in one run of the main operations of the fault matrix under the strict profile',
  },
  { name: 'list_5000_ms', target: null, meaning: 'listing a folder of 5,000 files through the client (ms)' },
  { name: 'list_parse_ms', target: null, meaning: 'parsing that listing answer alone (ms)' },
  {
    name: 'sync_unchanged_calls',
    // 20 folders: one listing each, plus the listing of the target's parent and one spare (bench/groups/sync.mjs).
    target: ['<=', 22],
    meaning: 'API calls of a folder sync of an unchanged tree of 1,000 files in 20 folders (0 uploads)',
  },
  { name: 'sync_one_change_uploads', target: ['==', 1], meaning: 'files uploaded by a sync after one file changed (with 1 removal)' },
  {
    name: 'n8n_upload_rss_growth_mb',
    target: ['<=', 150],
    meaning: 'n8n process RSS growth while a workflow uploads the big file (MB)',
    optional: true,
  },
  {
    name: 'n8n_upload_calls_per_item',
    target: ['<=', 0.1],
    meaning: 'requests (API and upload node) of 100 uploads of 10 KB into one folder in real n8n, per item (grouped)',
    optional: true,
  },
  {
    name: 'n8n_delete_calls_per_item',
    target: ['<=', 0.05],
    meaning: 'requests of a 100-item Delete in real n8n, per item',
    optional: true,
  },
  { name: 'n8n_move_calls_per_item', target: ['<=', 0.05], meaning: 'requests of a 100-item Move in real n8n, per item', optional: true },
  {
    name: 'n8n_upload_100_strict_speedup',
    target: ['>=', 20],
    meaning: 'Upload node time of 100 items at the strict pace, one request per item / grouped (same run)',
    optional: true,
  },
  { name: 'vscode_bundle_kb', target: ['<=', 400], meaning: 'size of the bundled extension dist/extension.js (KB)', optional: true },
  { name: 'vscode_activate_ms', target: ['<=', 50], meaning: 'activate() of the bundle with a fake vscode module (ms)', optional: true },
  { name: 'core_packed_kb', target: null, meaning: 'the @onefichier/core tarball npm publishes, gzipped (KB)' },
  {
    name: 'n8n_node_packed_kb',
    target: null,
    meaning: 'the n8n-nodes-1fichier tarball npm publishes, gzipped (KB); bundles in results.json',
  },
  { name: 'language_server_packed_kb', target: null, meaning: 'the @onefichier/language-server tarball npm publishes, gzipped (KB)' },
];

/** Whether `value` meets `target` ([op, bound]); null targets always pass. */
export function meetsTarget(target, value) {
  if (!target) return true;
  const [op, bound] = target;
  switch (op) {
    case '>=':
      return value >= bound;
    case '<=':
      return value <= bound;
    case '==':
      return value === bound;
    default:
      throw new Error(`unknown comparison ${op}`);
  }
}

export function formatTarget(target) {
  return target ? `${target[0] === '==' ? '=' : target[0].replace('>=', '≥').replace('<=', '≤')} ${target[1]}` : 'record';
}
