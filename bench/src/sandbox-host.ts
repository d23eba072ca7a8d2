// Runs the sandbox in a process of its own for one benchmark group and answers the runner over IPC:
// {id, op, args} → {id, ok, result | error}. Its first message is {ready: {apiBase, apiKey}}.
// Everything it does goes through the sandbox's public surface (startSandbox, its HTTP API, its state).
import { readFileSync } from 'node:fs';
import { startSandbox, type Limits, type ProfileName, type Sandbox } from '@onefichier/sandbox';

interface HostArgs {
  paced: boolean;
  limits: Partial<Limits>;
  dataDir: string;
  /** false: the node stores uploads without hashing them (the sender figures). */
  hashUploads?: boolean;
  /** Paced runs: the profile (default: documented, whose budgets lock); `limits` override it. */
  profile?: ProfileName;
  /** Premium keys besides the default one (several accounts on one IP). */
  premiumKeys?: string[];
}

/** Limits high enough never to throttle (transfers and listings are measured without pacing). */
const UNPACED: Partial<Limits> = { ratePerSecond: 1e6, burst: 1e6, endpointBudgets: false };

async function api(sb: Sandbox, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${sb.apiBaseUrl}/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${sb.premiumKey}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`${path}: HTTP ${res.status}, not JSON: ${text.slice(0, 120)}`);
  }
  if (!res.ok || json.status === 'KO') throw new Error(`${path}: HTTP ${res.status} ${String(json.message ?? '')}`);
  return json;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.env.ONEFICHIER_BENCH_ARGS ?? '{}') as HostArgs;
  const sb = await startSandbox({
    dataDir: args.dataDir,
    reset: true,
    // Paced runs measure against the documented budgets as they were (enforced); the sandbox's default
    // profile only counts them now.
    ...(args.paced ? { profile: args.profile ?? ('documented' as const), limits: args.limits } : { limits: UNPACED }),
    ...(args.premiumKeys ? { premiumKeys: args.premiumKeys } : {}),
    hashUploads: args.hashUploads ?? true,
  });
  const ops: Record<string, (a: Record<string, unknown>) => Promise<unknown>> = {
    /** A fresh upload id and the node URL, as curl needs them. */
    async uploadServer() {
      const r = await api(sb, 'upload/get_upload_server.cgi');
      return { uploadUrl: `http://${String(r.url)}/upload.cgi?id=${String(r.id)}` };
    },
    /** A download URL for a stored file (get_token.cgi). */
    async downloadToken(a) {
      const r = await api(sb, 'download/get_token.cgi', { url: a.url });
      return String(r.url);
    },
    /** Deletes every stored file (file/rm.cgi), so uploads of a big file do not pile up in the data folder. */
    async removeAllFiles() {
      const files = sb.state().files.map((f) => ({ url: f.url }));
      for (let i = 0; i < files.length; i += 100) await api(sb, 'file/rm.cgi', { files: files.slice(i, i + 100) });
      return files.length;
    },
    async removeFile(a) {
      await api(sb, 'file/rm.cgi', { files: [{ url: a.url }] });
      return 1;
    },
    /** Stored files: name and size (to check what a workflow uploaded). */
    async files() {
      return sb.state().files.map((f) => ({ filename: f.filename, size: f.size }));
    },
    /** CPU time (user + system) the sandbox process has used so far, in ms. */
    async cpuMs() {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    },
    /** The sandbox main thread's scheduler account so far (see schedMs in client-worker.ts), or null. */
    async sched() {
      try {
        const [run, wait] = readFileSync('/proc/self/schedstat', 'utf8').trim().split(/\s+/).map(Number);
        return { runMs: run! / 1e6, waitMs: wait! / 1e6 };
      } catch {
        return null;
      }
    },
    /** Requests answered so far, by endpoint (`file/info.cgi`, `folder/ls.cgi`…): what the lanes really carried. */
    async requests() {
      return { ...sb.state().counters.requests };
    },
    /** Flood locks handed out since the start (#374 / #223 answers that started a lock). */
    async floodCount() {
      return sb.state().floods;
    },
    /** Flood locks, calls refused during one, and the deepest draw of the IP's bucket. */
    async floodState() {
      const st = sb.state();
      return { floods: st.floods, refusedWhileLocked: st.refusedWhileLocked, peakDraw: st.peakDraw };
    },
  };
  process.on('message', (msg: { id: number; op: string; args: Record<string, unknown> }) => {
    const op = ops[msg.op];
    const run = op ? op(msg.args ?? {}) : Promise.reject(new Error(`unknown op "${msg.op}"`));
    run.then(
      (result) => process.send!({ id: msg.id, ok: true, result }),
      (err: unknown) => process.send!({ id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err) }),
    );
  });
  const stop = () => {
    sb.stop().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
  process.send!({ ready: { apiBase: sb.apiBaseUrl, apiKey: sb.premiumKey } });
}

main().catch((err: unknown) => {
  process.send?.({ error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
