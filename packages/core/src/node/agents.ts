/**
 * The sockets the Node transport uses: Node's global agents' settings, with 1 MiB stream buffers instead of
 * 16 KiB. An answer inherits its socket's buffer, and Node's HTTP client stops reading the socket whenever a
 * body chunk does not fit in it: with 16 KiB that is after every 64 KiB read (two system calls a chunk, and a
 * TCP window that keeps closing on the sender), and a request body waits for 'drain' after every write.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

const SOCKET_BUFFER_BYTES = 1 << 20;
const AGENT_OPTIONS = { keepAlive: true, timeout: 5_000, scheduling: 'lifo', highWaterMark: SOCKET_BUFFER_BYTES } as const;

export const httpAgent = new HttpAgent(AGENT_OPTIONS);
export const httpsAgent = new HttpsAgent(AGENT_OPTIONS);
