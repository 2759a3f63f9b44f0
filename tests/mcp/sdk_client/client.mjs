// The official MCP TypeScript SDK client against the real `stc mcp` over
// stdio: handshake, tools and resources listed, every tool called (the SDK
// validates each structuredContent against the tool's outputSchema and
// throws when it does not conform), a result cut to max_tokens, bad
// arguments answered with isError, an unknown tool with a JSON-RPC error,
// and each published protocol revision negotiated.
// Usage: node client.mjs STC_BINARY REPOSITORY   (run by run.sh)
import assert from 'node:assert/strict';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';

const [stc, repo] = process.argv.slice(2);
const serverParams = { command: stc, args: ['mcp', '-C', repo], env: process.env, stderr: 'inherit' };
const timer = setTimeout(() => {
  console.error('FAIL: timed out after 120 s');
  process.exit(1);
}, 120_000);
timer.unref();

function ok(what) {
  console.log(`ok: ${what}`);
}

function textOf(result) {
  assert.equal(result.content[0].type, 'text');
  return result.content[0].text;
}

// A successful result whose text is its structuredContent serialized and
// whose size is within the budget it reports.
function checkResult(name, result) {
  assert.equal(result.isError, false, `${name}: ${JSON.stringify(result.content)}`);
  const structured = result.structuredContent;
  assert.ok(structured && typeof structured === 'object', `${name}: no structuredContent`);
  assert.deepEqual(JSON.parse(textOf(result)), structured, `${name}: text is not the JSON`);
  assert.ok(structured.output_budget.tokens <= structured.output_budget.max_tokens, `${name}: over budget`);
  assert.equal(structured.index.fresh, true, `${name}: index reported stale`);
  return structured;
}

async function checkTools(client) {
  const { tools } = await client.listTools(); // also compiles the output validators
  const names = tools.map((t) => t.name);
  assert.deepEqual(names, ['plan_feature', 'module_context', 'search_index', 'index_status']);
  for (const tool of tools) {
    assert.equal(tool.inputSchema.type, 'object', tool.name);
    assert.equal(tool.outputSchema?.type, 'object', `${tool.name} has no outputSchema`);
    assert.equal(tool.annotations?.readOnlyHint, true, tool.name);
  }
  ok(`tools/list: ${names.join(', ')}, each with an outputSchema`);

  const calls = {
    index_status: {},
    module_context: { path: 'weather/client.py' },
    search_index: { query: 'retry backoff', limit: 5 },
    plan_feature: { feature: 'Add a provider for the Pirate Weather API' },
  };
  for (const [name, args] of Object.entries(calls)) {
    const structured = checkResult(name, await client.callTool({ name, arguments: args }));
    assert.equal(structured.output_budget.max_tokens, 2000, `${name}: default budget`);
    ok(`tools/call ${name}: structuredContent matches its outputSchema (${structured.output_budget.tokens} tokens)`);
  }
  const plan = (await client.callTool({ name: 'plan_feature', arguments: calls.plan_feature }))
    .structuredContent;
  assert.ok(plan.files.length > 0, 'plan_feature named no files');
  assert.ok(plan.files.some((f) => f.path.startsWith('weather/providers')), JSON.stringify(plan.files));

  const full = checkResult('module_context', await client.callTool({
    name: 'module_context', arguments: { path: 'weather/client.py', max_tokens: 100000 } }));
  const cut = checkResult('module_context', await client.callTool({
    name: 'module_context', arguments: { path: 'weather/client.py', max_tokens: 1000 } }));
  assert.ok(full.output_budget.tokens > 1000, 'the sample module is too small to need a cut');
  assert.ok(cut.output_budget.omitted.length > 0, 'nothing reported as left out');
  assert.match(cut.output_budget.note, /larger max_tokens/);
  ok(`module_context: ${full.output_budget.tokens} tokens cut to ${cut.output_budget.tokens} within max_tokens 1000, ` +
     `omitted ${cut.output_budget.omitted.map((o) => o.field).join(', ')}`);
}

async function checkToolErrors(client) {
  const bad = [
    [{ name: 'module_context', arguments: {} }, /missing required argument 'path'/],
    [{ name: 'module_context', arguments: { path: 42 } }, /argument 'path' must be a string/],
    [{ name: 'search_index', arguments: { query: 'x', limit: 'ten' } }, /'limit' must be an integer/],
    [{ name: 'module_context', arguments: { path: 'no/such/file.py' } }, /not in the indexed commit/],
  ];
  for (const [params, want] of bad) {
    const result = await client.callTool(params);
    assert.equal(result.isError, true, JSON.stringify(params));
    assert.match(textOf(result), want);
    ok(`tools/call ${JSON.stringify(params.arguments)}: isError "${textOf(result).slice(0, 70)}..."`);
  }
  await assert.rejects(client.callTool({ name: 'no_such_tool', arguments: {} }), (e) => {
    assert.ok(e instanceof McpError, String(e));
    assert.equal(e.code, ErrorCode.InvalidParams);
    return true;
  });
  ok('tools/call of an unknown tool: JSON-RPC error -32602');
}

async function checkResources(client) {
  const { resources } = await client.listResources();
  assert.equal(resources[0].uri, 'stc://overview');
  for (const r of resources) {
    assert.equal(r.mimeType, 'text/markdown', r.uri);
    const { contents } = await client.readResource({ uri: r.uri });
    assert.ok(contents[0].text.length > 0, r.uri);
  }
  const { resourceTemplates } = await client.listResourceTemplates();
  assert.equal(resourceTemplates[0].uriTemplate, 'stc://module/{path}');
  await assert.rejects(client.readResource({ uri: 'stc://module/no/such.py' }), McpError);
  ok(`resources: ${resources.length} listed and read, templates listed, unknown one refused`);
}

// initialize with `version` sent by hand; returns the version the server chose.
async function negotiate(version) {
  const transport = new StdioClientTransport(serverParams);
  const answer = new Promise((resolve, reject) => {
    transport.onmessage = (msg) => resolve(msg);
    transport.onerror = reject;
  });
  await transport.start();
  await transport.send({
    jsonrpc: '2.0', id: 1, method: 'initialize',
    params: { protocolVersion: version, capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  });
  const msg = await answer;
  await transport.close();
  return msg.result.protocolVersion;
}

async function checkVersions() {
  for (const v of ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05']) {
    assert.equal(await negotiate(v), v);
  }
  assert.equal(await negotiate('2026-07-28'), '2025-11-25');
  ok('initialize: 2025-11-25, 2025-06-18, 2025-03-26, 2024-11-05 kept; an unknown one gets 2025-11-25');
}

const client = new Client({ name: 'stc-sdk-client-test', version: '1.0.0' });
await client.connect(new StdioClientTransport(serverParams));
assert.equal(client.getServerVersion()?.name, 'stc');
assert.ok(client.getServerCapabilities()?.tools, 'no tools capability');
assert.ok(client.getInstructions()?.includes('plan_feature'));
ok(`connected with the SDK client to ${client.getServerVersion().name} ${client.getServerVersion().version}`);
await client.ping();
await checkTools(client);
await checkToolErrors(client);
await checkResources(client);
await client.close();
await checkVersions();
console.log('all SDK client checks passed');
