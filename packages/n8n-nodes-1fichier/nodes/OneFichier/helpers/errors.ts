import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { isOneFichierError, showControls, type OneFichierError } from '@onefichier/core';
import { n8nHint } from './hints';

/** Kinds that mean "the node's parameters or input are wrong", not "the service failed". */
const INPUT_KINDS = new Set(['invalid_input', 'invalid_name', 'ambiguous', 'empty_file', 'file_too_large', 'password']);

/**
 * n8n shows an error's message as HTML in its toast (n8n-editor-ui's useToast sanitizes it, and drops `<`
 * and what follows up to the next `>`: a file named `bad<>.txt` lost its `<>`) and as text in the node's
 * output panel; its description as HTML in both. So HTML's own characters are written as entities where
 * n8n reads HTML.
 */
function htmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** htmlText undone, for the places that want text (an item's JSON). */
function plainText(html: string): string {
  return html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** What to do, in n8n's words, and the service's code when it sent one. */
function describe(error: OneFichierError): string {
  const code = error.code !== undefined ? ` (1fichier code #${error.code})` : '';
  return `${n8nHint(error)}${code}`;
}

/**
 * The error's message for both of n8n's views: escaped for the toast, and, when escaping changed it, the text
 * as it is for the output panel, which shows `context.messageTemplate` instead of the message when one is
 * set (n8n-editor-ui's NodeErrorView).
 */
function withMessage<T extends NodeApiError | NodeOperationError>(error: T, message: string): T {
  const escaped = htmlText(message);
  if (escaped !== message) {
    error.message = escaped;
    error.context.messageTemplate = message;
    error.context.parameter ??= 'operation';
  }
  return error;
}

/**
 * Turns anything thrown by an operation into n8n's error types: API failures become NodeApiError and bad
 * parameters NodeOperationError, both with what to do as the description (helpers/hints.ts). Only the core's
 * serialized form is attached, which never holds the API key or request headers.
 */
export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
  if (error instanceof NodeApiError || error instanceof NodeOperationError) {
    if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
    // The node's own messages quote parameters, which may hold any text: their control characters are shown
    // as the core shows them in its own messages (core errors come with them shown already).
    error.message = showControls(error.message);
    return error;
  }
  if (isOneFichierError(error)) {
    const description = htmlText(describe(error));
    if (INPUT_KINDS.has(error.kind)) {
      return withMessage(new NodeOperationError(node, error.message, { description, itemIndex }), error.message);
    }
    const payload = error.toJSON() as JsonObject;
    const options: { message: string; description: string; itemIndex: number; httpCode?: string } = {
      message: error.message,
      description,
      itemIndex,
    };
    if (error.httpStatus !== undefined) options.httpCode = String(error.httpStatus);
    return withMessage(new NodeApiError(node, payload, options), error.message);
  }
  const message = showControls(error instanceof Error ? error.message : String(error));
  return new NodeOperationError(node, message, { itemIndex });
}

/** The JSON an item gets when the node continues on fail: what went wrong and what to do, as plain text. */
export function errorItemJson(error: NodeApiError | NodeOperationError): IDataObject {
  const message = typeof error.context.messageTemplate === 'string' ? error.context.messageTemplate : error.message;
  const json: IDataObject = { error: message };
  if (error.description) json.hint = plainText(error.description);
  const cause = (error as NodeApiError).errorResponse as IDataObject | undefined;
  if (cause && typeof cause.kind === 'string') json.kind = cause.kind;
  if (cause && typeof cause.code === 'number') json.code = cause.code;
  if ((error as NodeApiError).httpCode) json.httpCode = (error as NodeApiError).httpCode;
  return json;
}
