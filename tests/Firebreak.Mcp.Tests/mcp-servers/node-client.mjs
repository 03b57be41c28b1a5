// A Node MCP client built on @modelcontextprotocol/sdk, run by NodeClientTests against the Firebreak gateway.
// Usage: node node-client.mjs <gateway-url> <api-key> <allowed-tool> <blocked-tool>
// Prints one JSON object: the tools listed, the allowed call's result and the blocked call's result.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url, key, allowedTool, blockedTool] = process.argv.slice(2);
const transport = new StreamableHTTPClientTransport(new URL(url), {
  requestInit: { headers: { Authorization: `Bearer ${key}` } },
});
const client = new Client({ name: "firebreak-node-interop", version: "1.0.0" });
const deadline = setTimeout(() => {
  console.error("node-client: no answer within 30 s");
  process.exit(2);
}, 30_000);

try {
  await client.connect(transport);
  const listed = await client.listTools();
  const allowed = await client.callTool({ name: allowedTool, arguments: { message: "from node" } });
  const blocked = await client.callTool({ name: blockedTool, arguments: { a: 1, b: 2 } });
  console.log(JSON.stringify({ tools: listed.tools.map((t) => t.name), allowed, blocked }));
} finally {
  clearTimeout(deadline);
  await client.close();
}
