/**
 * multipart/form-data encoding for upload.cgi, done here so every transport only moves bytes. The shape
 * follows what works against the service (rclone; the C# SDK's live tests): boundary unquoted in the
 * Content-Type header, part `name` and `filename` quoted, UTF-8 filename, no Content-Type on the file part,
 * `did` first then the `file[]` parts. Content-Disposition stays each part's first header: the live node keeps
 * nothing from a file part that starts with Content-Type (docs/api-notes.md#upload-node-refusals). The exact
 * Content-Length is known before the first byte is sent.
 */
import { OneFichierError, cancelledError } from './errors';
import { SettledBytes } from './lending';
import type { StreamBody, UploadSource } from './types';

export interface MultipartField {
  name: string;
  value: string;
}

export interface MultipartFile {
  /** Name as sent (already checked/encoded). */
  filename: string;
  source: UploadSource;
}

export interface MultipartHooks {
  /** Called for each chunk of file content, before it is handed to the transport. */
  onFileChunk?: (fileIndex: number, chunk: Uint8Array) => void;
  signal?: AbortSignal;
}

export interface EncodedMultipart {
  contentType: string;
  body: StreamBody;
  /** Set when the body iterator stopped on an error of ours (size mismatch, cancellation). */
  readonly failure: unknown;
  /** True once every byte of the body has been handed over. */
  readonly complete: boolean;
}

const encoder = new TextEncoder();
const CRLF = '\r\n';

/** Quotes a header parameter value the way browsers do (WHATWG): " → %22, CR → %0D, LF → %0A. */
function quoteParam(value: string): string {
  return `"${value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}"`;
}

export function makeBoundary(random: () => number = Math.random): string {
  let s = '';
  for (let i = 0; i < 24; i++) s += Math.floor(random() * 36).toString(36);
  return `----OneFichierBoundary${s}`;
}

export function encodeMultipart(
  fields: MultipartField[],
  files: MultipartFile[],
  boundary: string,
  hooks: MultipartHooks = {},
): EncodedMultipart {
  const fieldBytes = encoder.encode(
    fields
      .map((f) => `--${boundary}${CRLF}Content-Disposition: form-data; name=${quoteParam(f.name)}${CRLF}${CRLF}${f.value}${CRLF}`)
      .join(''),
  );
  const fileHeads = files.map((f) =>
    encoder.encode(`--${boundary}${CRLF}Content-Disposition: form-data; name="file[]"; filename=${quoteParam(f.filename)}${CRLF}${CRLF}`),
  );
  const crlf = encoder.encode(CRLF);
  const closing = encoder.encode(`--${boundary}--${CRLF}`);
  const length =
    fieldBytes.length +
    fileHeads.reduce((n, h) => n + h.length, 0) +
    files.reduce((n, f) => n + f.source.size + crlf.length, 0) +
    closing.length;

  const state = { failure: undefined as unknown, complete: false };
  // Set when the transport lends: file sources may then refill buffers whose bytes it has settled.
  let lent: SettledBytes | undefined;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      if (hooks.signal?.aborted) throw cancelledError('upload.cgi');
      yield fieldBytes;
      let offset = fieldBytes.length;
      for (let i = 0; i < files.length; i++) {
        const { source } = files[i]!;
        yield fileHeads[i]!;
        offset += fileHeads[i]!.length;
        const start = offset;
        const settled = lent;
        const reuse = settled ? { settled: (n: number) => (n > 0 ? settled.reached(start + n) : Promise.resolve()) } : undefined;
        let sent = 0;
        for await (const chunk of source.open(reuse)) {
          if (hooks.signal?.aborted) throw cancelledError('upload.cgi');
          if (chunk.length === 0) continue;
          sent += chunk.length;
          if (sent > source.size) throw sizeMismatch(source, `more than ${source.size}`);
          hooks.onFileChunk?.(i, chunk);
          yield chunk;
        }
        if (sent !== source.size) throw sizeMismatch(source, String(sent));
        offset += sent;
        yield crlf;
        offset += crlf.length;
      }
      yield closing;
      state.complete = true;
    } catch (e) {
      state.failure = e;
      throw e;
    }
  }

  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: {
      length,
      chunks: { [Symbol.asyncIterator]: () => chunks() },
      lend: () => (lent = new SettledBytes()),
    },
    get failure() {
      return state.failure;
    },
    get complete() {
      return state.complete;
    },
  };
}

function sizeMismatch(source: UploadSource, got: string): OneFichierError {
  return new OneFichierError({
    kind: 'invalid_input',
    endpoint: 'upload.cgi',
    message: `"${source.name}" was declared as ${source.size} bytes but its stream gave ${got}; the upload was stopped.`,
    hint: 'Give the exact size of the stream (the file may have changed while it was being uploaded).',
  });
}
