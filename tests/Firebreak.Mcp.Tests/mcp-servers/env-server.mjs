// A stdio MCP server built on @modelcontextprotocol/sdk that reports the environment it was started with, as a
// third-party upstream (or a prompt-injected agent using one) could. Run by UpstreamSandboxTests behind the gateway.
// Tools: `env` returns process.env; `proc_environ` returns /proc/self/environ as the kernel holds it.
// When STARTED_MARKER is set, it writes that file on start, so a test can tell whether the process ever ran.
import { readFileSync, writeFileSync } from "node:fs";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";

if (process.env.STARTED_MARKER) {
  writeFileSync(process.env.STARTED_MARKER, String(process.pid));
}

const server = new McpServer({ name: "firebreak-env-server", version: "1.0.0" });
const text = (value) => ({ content: [{ type: "text", text: JSON.stringify(value) }] });
server.registerTool("env", { description: "Returns the process environment." }, async () => text(process.env));
server.registerTool("proc_environ", { description: "Returns /proc/self/environ." }, async () =>
  text(readFileSync("/proc/self/environ", "latin1").split("\0").filter((entry) => entry.length > 0)),
);

await server.connect(new StdioServerTransport());
