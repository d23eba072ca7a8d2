/**
 * A small workflow-test harness in the style of n8n's own (workflow JSON whose pinData is the expected
 * output, HTTP mocked with nock), written over the published exports of n8n-core and n8n-workflow. It runs
 * the real execution engine: parameter resolution, credentials with the generic authenticator, n8n's HTTP
 * helper (axios), binary data in filesystem mode, continue-on-fail and pairedItem.
 */
import './env';
import 'reflect-metadata';
import { readFileSync } from 'fs';
import { join } from 'path';
import { Container } from '@n8n/di';
import { BinaryDataService, ExecutionLifecycleHooks, LoadOptionsContext, PollContext, WorkflowExecute } from 'n8n-core';
import {
  createRunExecutionData,
  ICredentialsHelper,
  NodeConnectionTypes,
  NodeHelpers,
  Workflow,
  type ICredentialDataDecryptedObject,
  type ICredentials,
  type ICredentialType,
  type IDataObject,
  type IExecuteFunctions,
  type IHttpRequestOptions,
  type INode,
  type INodeCredentialsDetails,
  type INodeExecutionData,
  type INodeProperties,
  type INodeType,
  type IPollFunctions,
  type INodeTypeDescription,
  type INodeTypes,
  type IRun,
  type IWorkflowBase,
  type IWorkflowExecuteAdditionalData,
  type WorkflowExecuteMode,
} from 'n8n-workflow';
import { OneFichierApi } from '../../../packages/n8n-nodes-1fichier/credentials/OneFichierApi.credentials';
import { OneFichier } from '../../../packages/n8n-nodes-1fichier/nodes/OneFichier/OneFichier.node';
import { OneFichierTrigger } from '../../../packages/n8n-nodes-1fichier/nodes/OneFichier/OneFichierTrigger.node';

const NODE_TYPE = 'n8n-nodes-1fichier.oneFichier';
const TRIGGER_TYPE = 'n8n-nodes-1fichier.oneFichierTrigger';
const INPUT_TYPE = 'harness.input';

/** Emits the items written in its parameters, with binary fields given as text (utf8) or base64. */
class HarnessInput implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Harness Input',
    name: 'harnessInput',
    group: ['input'],
    version: 1,
    description: 'Test input',
    defaults: { name: 'Input' },
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' } as INodeProperties],
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const raw = this.getNodeParameter('items', 0) as string | IDataObject[];
    const specs = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{
      json?: IDataObject;
      binary?: Record<string, { text?: string; base64?: string; fileName: string; mimeType?: string }>;
    }>;
    const out: INodeExecutionData[] = [];
    for (const [index, spec] of specs.entries()) {
      const entry: INodeExecutionData = { json: spec.json ?? {}, pairedItem: { item: 0 } };
      if (spec.binary) {
        entry.binary = {};
        for (const [field, b] of Object.entries(spec.binary)) {
          const data = b.base64 !== undefined ? Buffer.from(b.base64, 'base64') : Buffer.from(b.text ?? '', 'utf8');
          entry.binary[field] = await this.helpers.prepareBinaryData(data, b.fileName, b.mimeType);
        }
      }
      out.push(entry);
      void index;
    }
    return [out];
  }
}

const nodeTypeMap: Record<string, INodeType> = {
  [NODE_TYPE]: new OneFichier(),
  [TRIGGER_TYPE]: new OneFichierTrigger(),
  [INPUT_TYPE]: new HarnessInput(),
};

const nodeTypes: INodeTypes = {
  getByName: (type) => lookup(type),
  getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(lookup(type), version),
  getKnownTypes: () => ({}),
};

function lookup(type: string): INodeType {
  const found = nodeTypeMap[type];
  if (!found) throw new Error(`Unknown node type ${type} in the test workflow`);
  return found;
}

const credentialTypes: Record<string, ICredentialType> = { oneFichierApi: new OneFichierApi() };

/** Resolves `={{$credentials.x}}` in generic authenticators, the only kind our credential uses. */
function resolveCredentialExpression(template: string, data: ICredentialDataDecryptedObject): string {
  const body = template.startsWith('=') ? template.slice(1) : template;
  return body.replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_m, key: string) => String(data[key] ?? ''));
}

class HarnessCredentialsHelper extends ICredentialsHelper {
  constructor(private readonly store: Record<string, ICredentialDataDecryptedObject>) {
    super();
  }

  getParentTypes(): string[] {
    return [];
  }

  isCredentialUsableByNode(): boolean {
    return true;
  }

  async authenticate(
    credentials: ICredentialDataDecryptedObject,
    typeName: string,
    requestOptions: IHttpRequestOptions,
  ): Promise<IHttpRequestOptions> {
    const type = credentialTypes[typeName];
    const auth = type?.authenticate;
    if (!auth || typeof auth === 'function' || auth.type !== 'generic') return requestOptions;
    const headers = { ...(requestOptions.headers ?? {}) } as IDataObject;
    for (const [name, value] of Object.entries(auth.properties.headers ?? {})) {
      headers[name] = resolveCredentialExpression(String(value), credentials);
    }
    return { ...requestOptions, headers };
  }

  async preAuthentication(): Promise<undefined> {
    return undefined;
  }

  async runPreAuthentication(): Promise<undefined> {
    return undefined;
  }

  async getCredentials(_details: INodeCredentialsDetails, type: string): Promise<ICredentials> {
    throw new Error(`getCredentials(${type}) is not used by the harness`);
  }

  async getDecrypted(
    _additionalData: IWorkflowExecuteAdditionalData,
    _details: INodeCredentialsDetails,
    type: string,
  ): Promise<ICredentialDataDecryptedObject> {
    const data = this.store[type];
    if (!data) throw new Error(`No test credentials of type ${type}`);
    return { ...data };
  }

  async updateCredentials(): Promise<void> {}

  async updateCredentialsOauthTokenData(): Promise<void> {}

  getCredentialsProperties(type: string): INodeProperties[] {
    return credentialTypes[type]?.properties ?? [];
  }
}

let binaryReady: Promise<void> | undefined;
async function ensureBinaryData(): Promise<void> {
  binaryReady ??= Container.get(BinaryDataService).init();
  await binaryReady;
}

function additionalData(
  credentials: Record<string, ICredentialDataDecryptedObject>,
  hooks: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
  const noop = () => undefined;
  return {
    credentialsHelper: new HarnessCredentialsHelper(credentials),
    hooks,
    executionId: hooks.executionId,
    restApiUrl: 'http://127.0.0.1:5678/rest',
    instanceBaseUrl: 'http://127.0.0.1:5678',
    webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
    webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
    webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
    formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
    variables: {},
    userId: 'harness-user',
    currentNodeExecutionIndex: 0,
    setExecutionStatus: noop,
    sendDataToUI: noop,
    logAiEvent: noop,
    executeWorkflow: async () => {
      throw new Error('Sub-workflows are not available in the harness');
    },
    getRunExecutionData: async () => undefined,
    startRunnerTask: async () => {
      throw new Error('Code runners are not available in the harness');
    },
  } as unknown as IWorkflowExecuteAdditionalData;
}

export interface WorkflowFile extends IWorkflowBase {
  pinData?: Record<string, INodeExecutionData[]>;
}

export function readWorkflow(name: string): WorkflowFile {
  return JSON.parse(readFileSync(join(__dirname, '..', 'workflows', name), 'utf8')) as WorkflowFile;
}

export interface HarnessRun {
  run: IRun;
  /** The items a node put on its first output, as JSON (binary kept as metadata). */
  output(nodeName: string): INodeExecutionData[];
  /** Everything that would be stored for the execution, serialized: the place to look for leaked secrets. */
  serialized: string;
  staticData: IDataObject;
}

let executionCounter = 0;

/** Runs a workflow (without its pinData) from its first node and returns the engine's result. */
export async function executeWorkflow(
  workflowData: WorkflowFile,
  credentials: Record<string, ICredentialDataDecryptedObject>,
  mode: WorkflowExecuteMode = 'manual',
): Promise<HarnessRun> {
  await ensureBinaryData();
  const { pinData: _expected, ...definition } = workflowData;
  const workflow = new Workflow({
    id: definition.id ?? 'harness-workflow',
    name: definition.name,
    nodes: definition.nodes,
    connections: definition.connections,
    active: false,
    nodeTypes,
    staticData: (definition.staticData as IDataObject) ?? {},
    settings: definition.settings ?? {},
  });
  const executionId = String(++executionCounter);
  const hooks = new ExecutionLifecycleHooks(mode, executionId, definition as IWorkflowBase);
  const startNode = definition.nodes.find((n) => workflow.getParentNodes(n.name).length === 0) as INode;
  const runData = createRunExecutionData({
    executionData: { nodeExecutionStack: [{ node: startNode, data: { main: [[{ json: {} }]] }, source: null }] },
  });
  const engine = new WorkflowExecute(additionalData(credentials, hooks), mode, runData);
  const run = await engine.processRunExecutionData(workflow);
  return {
    run,
    output(nodeName: string) {
      const tasks = run.data.resultData.runData[nodeName];
      if (!tasks || tasks.length === 0) throw new Error(`Node "${nodeName}" did not run`);
      return (tasks[tasks.length - 1]!.data?.main?.[0] ?? []) as INodeExecutionData[];
    },
    serialized: JSON.stringify(run, (_k, v: unknown) => (v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v)),
    staticData: workflow.staticData,
  };
}

/** The output a workflow file expects from a node (its pinData), for comparison with the run. */
export function expected(workflowData: WorkflowFile, nodeName: string): INodeExecutionData[] {
  const pinned = workflowData.pinData?.[nodeName];
  if (!pinned) throw new Error(`The workflow has no pinData (expected output) for "${nodeName}"`);
  return pinned;
}

/** Drops what differs between runs (binary storage ids, directories) before comparing outputs. */
export function comparable(items: INodeExecutionData[]): Array<Record<string, unknown>> {
  return items.map((entry) => {
    const out: Record<string, unknown> = { json: entry.json };
    if (entry.binary) {
      out.binary = Object.fromEntries(
        Object.entries(entry.binary).map(([field, b]) => {
          const { id: _id, directory: _dir, data: _data, ...meta } = b;
          return [field, meta];
        }),
      );
    }
    if (entry.pairedItem !== undefined) out.pairedItem = entry.pairedItem;
    return out;
  });
}

/** n8n's binary data service of this process (to observe how nodes read binary data). */
export function binaryDataService(): BinaryDataService {
  return Container.get(BinaryDataService);
}

/** Reads back the bytes of a binary field of an output item. */
export async function binaryBytes(entry: INodeExecutionData, field = 'data'): Promise<Buffer> {
  const b = entry.binary?.[field];
  if (!b) throw new Error(`No binary field "${field}"`);
  return await Container.get(BinaryDataService).getAsBuffer(b);
}

function buildNode(type: string, parameters: IDataObject, name = 'node'): INode {
  return {
    id: `${name}-id`,
    name,
    type,
    typeVersion: 1,
    position: [0, 0],
    parameters: parameters as INode['parameters'],
    credentials: { oneFichierApi: { id: 'cred-1', name: '1fichier test' } },
  };
}

/** A poll of the trigger as n8n runs it for an active workflow (mode "trigger") or a manual test. */
export async function pollTrigger(
  parameters: IDataObject,
  credentials: Record<string, ICredentialDataDecryptedObject>,
  staticData: IDataObject,
  mode: 'trigger' | 'manual' = 'trigger',
  pollBudgetMs?: number,
): Promise<INodeExecutionData[][] | null> {
  await ensureBinaryData();
  const node = buildNode(TRIGGER_TYPE, parameters, '1fichier Trigger');
  const workflow = new Workflow({ id: 'poll-wf', nodes: [node], connections: {}, active: true, nodeTypes, staticData });
  const hooks = new ExecutionLifecycleHooks(mode, 'poll', { id: 'poll-wf', nodes: [node], connections: {} } as unknown as IWorkflowBase);
  const context = new PollContext(
    workflow,
    workflow.getNode(node.name) as INode,
    additionalData(credentials, hooks),
    mode,
    mode === 'manual' ? 'manual' : 'activate',
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    pollBudgetMs === undefined ? undefined : () => pollBudgetMs,
  );
  return await (nodeTypeMap[TRIGGER_TYPE]!.poll as NonNullable<INodeType['poll']>).call(context as unknown as IPollFunctions); // n8n-core's and n8n-workflow's types differ under exactOptionalPropertyTypes
}

/** Calls the node's folder search as the editor does when the user types in the folder picker. */
export async function searchFoldersFromEditor(
  filter: string,
  credentials: Record<string, ICredentialDataDecryptedObject>,
): Promise<unknown> {
  const node = buildNode(NODE_TYPE, { resource: 'folder', operation: 'list' }, '1fichier');
  const workflow = new Workflow({ id: 'ls-wf', nodes: [node], connections: {}, active: false, nodeTypes });
  const hooks = new ExecutionLifecycleHooks('manual', 'ls', { id: 'ls-wf', nodes: [node], connections: {} } as unknown as IWorkflowBase);
  const context = new LoadOptionsContext(workflow, workflow.getNode(node.name) as INode, additionalData(credentials, hooks), 'folder');
  const search = nodeTypeMap[NODE_TYPE]!.methods?.listSearch?.searchFolders as (this: unknown, filter?: string) => Promise<unknown>;
  return await search.call(context, filter);
}
