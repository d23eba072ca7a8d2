/** Small fakes for the features' unit tests: open documents, a recording editor, a cancellation token. */
import { CancellationTokenSource, ResponseError, type CancellationToken, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { EditorOutput, MessageKind } from '../src/editor';

/** The open documents, as the features ask for them (`get` by URI). */
export function openDocuments(...documents: TextDocument[]): {
  get(uri: string): TextDocument | undefined;
  docs: Map<string, TextDocument>;
} {
  const docs = new Map(documents.map((d) => [d.uri, d]));
  return { docs, get: (uri) => docs.get(uri) };
}

export function textDocument(uri: string, text: string, languageId = 'markdown', version = 1): TextDocument {
  return TextDocument.create(uri, languageId, version, text);
}

/** An editor that records what it is told. */
export class RecordingEditor implements EditorOutput {
  readonly logs: string[] = [];
  readonly shown: { kind: MessageKind; text: string }[] = [];
  readonly published: PublishDiagnosticsParams[] = [];
  log(message: string): void {
    this.logs.push(message);
  }
  show(kind: MessageKind, text: string): void {
    this.shown.push({ kind, text });
  }
  sendDiagnostics(params: PublishDiagnosticsParams): void {
    this.published.push(params);
  }
}

/** A cancellation token the test cancels by hand. */
export function cancellation(): { token: CancellationToken; cancel(): void } {
  const source = new CancellationTokenSource();
  return { token: source.token, cancel: () => source.cancel() };
}

/** The ResponseError a request handler was expected to reject with (any other outcome fails the test). */
export async function failure(promise: Promise<unknown>): Promise<ResponseError<unknown>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ResponseError) return error;
    throw error;
  }
  throw new Error('expected a ResponseError');
}
