import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { isOneFichierError, type OneFichierError } from '@onefichier/core';

/** Kinds that mean "the node's parameters or input are wrong", not "the service failed". */
const INPUT_KINDS = new Set(['invalid_input', 'invalid_name', 'ambiguous', 'empty_file', 'file_too_large', 'password']);

function describe(error: OneFichierError): string {
  const code = error.code !== undefined ? ` (1fichier code #${error.code})` : '';
  return `${error.hint}${code}`;
}

/**
 * Turns anything thrown by an operation into n8n's error types: API failures become NodeApiError and bad
 * parameters NodeOperationError, both carrying the core's hint as the description. Only the core's
 * serialized form is attached, which never holds the API key or request headers.
 */
export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
  if (error instanceof NodeApiError || error instanceof NodeOperationError) {
    if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
    return error;
  }
  if (isOneFichierError(error)) {
    if (INPUT_KINDS.has(error.kind)) {
      return new NodeOperationError(node, error.message, { description: describe(error), itemIndex });
    }
    const payload = error.toJSON() as JsonObject;
    const options: { message: string; description: string; itemIndex: number; httpCode?: string } = {
      message: error.message,
      description: describe(error),
      itemIndex,
    };
    if (error.httpStatus !== undefined) options.httpCode = String(error.httpStatus);
    return new NodeApiError(node, payload, options);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new NodeOperationError(node, message, { itemIndex });
}

/** The JSON an item gets when the node continues on fail: what went wrong and what to do. */
export function errorItemJson(error: NodeApiError | NodeOperationError): IDataObject {
  const json: IDataObject = { error: error.message };
  if (error.description) json.hint = error.description;
  const cause = (error as NodeApiError).errorResponse as IDataObject | undefined;
  if (cause && typeof cause.kind === 'string') json.kind = cause.kind;
  if (cause && typeof cause.code === 'number') json.code = cause.code;
  if ((error as NodeApiError).httpCode) json.httpCode = (error as NodeApiError).httpCode;
  return json;
}
