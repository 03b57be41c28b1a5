import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file is compiled to clients/typescript/build/tests/support). */
export const repositoryRoot = fileURLToPath(new URL("../../../../../", import.meta.url));

/** An answer of the API, its status and parsed body. */
export interface ApiAnswer<T = any> {
  status: number;
  contentType: string | null;
  body: T;
}

/**
 * The Firebreak server as a real OS process on a free port and a temporary SQLite database, as
 * tests/SupportDesk.Tests/Infrastructure/FirebreakServerProcess.cs runs it. Built beforehand with
 * `dotnet build src/Firebreak.Server`; `FIREBREAK_SERVER_DLL` names another build.
 */
export class FirebreakServer {
  readonly operatorKey = `fb_op_${randomBytes(16).toString("hex")}`;
  private process: ChildProcess | null = null;
  private output = "";

  private constructor(readonly url: string, private readonly directory: string, private readonly settings: Record<string, string>) {}

  static async start(settings: Record<string, string> = {}): Promise<FirebreakServer> {
    const directory = mkdtempSync(join(tmpdir(), "firebreak-ts-"));
    const server = new FirebreakServer(`http://127.0.0.1:${await freePort()}`, directory, settings);
    await server.launch();
    return server;
  }

  /** Kills the server with SIGKILL, as a crash would. */
  async kill(): Promise<void> {
    const child = this.process;
    if (child === null || child.exitCode !== null || child.signalCode !== null) {
      return;
    }

    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }

  /** Starts the killed server again on the same address and database. */
  async restart(): Promise<void> {
    await this.launch();
  }

  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.directory, { recursive: true, force: true });
  }

  /** Calls the API with `key` (the operator key unless given). */
  async api<T = any>(method: string, path: string, body?: unknown, key: string = this.operatorKey): Promise<ApiAnswer<T>> {
    const response = await fetch(this.url + path, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? null : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get("content-type"), body: text.length === 0 ? null : JSON.parse(text) };
  }

  /** Calls the API and fails unless it answers 2xx. */
  async ok<T = any>(method: string, path: string, body?: unknown, key?: string): Promise<T> {
    const answer = await this.api<T>(method, path, body, key);
    if (answer.status < 200 || answer.status > 299) {
      throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    }

    return answer.body;
  }

  /** Registers an agent whose tools are given as `name: risk`, and returns an agent key for it. */
  async registerAgent(agentId: string, tools: Record<string, string>): Promise<string> {
    await this.ok("PUT", `/api/v1/agents/${agentId}`, {
      id: agentId,
      owner: "ts-client-tests",
      description: "An agent of the TypeScript client's tests.",
      tools: Object.entries(tools).map(([name, risk]) => ({ name, risk })),
    });
    const key = await this.ok<{ key: string }>("POST", "/api/v1/keys", { name: `${agentId}-key`, role: "agent", agentId });
    return key.key;
  }

  /** Sets `mode` on the agent (or on its `tools`), as an operator. */
  async setMode(agentId: string, mode: string, reason: string, tools?: string[]): Promise<any> {
    return this.ok("POST", "/api/v1/control/changes?wait=5000", tools === undefined
      ? { target: "agent", agentId, mode, reason }
      : { target: "tools", agentId, tools, mode, reason });
  }

  /** Runs the `firebreak` CLI against this server with the operator key. */
  cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const dll = process.env.FIREBREAK_CLI_DLL ?? join(repositoryRoot, "src", "Firebreak.Cli", "bin", "Debug", "net10.0", "firebreak.dll");
    return new Promise((resolve) => {
      execFile("dotnet", [dll, ...args], {
        env: { ...process.env, FIREBREAK_SERVER: this.url, FIREBREAK_API_KEY: this.operatorKey, COLUMNS: "200" },
      }, (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr });
      });
    });
  }

  private async launch(): Promise<void> {
    const dll = process.env.FIREBREAK_SERVER_DLL ?? join(repositoryRoot, "src", "Firebreak.Server", "bin", "Debug", "net10.0", "Firebreak.Server.dll");
    if (!existsSync(dll)) {
      throw new Error(`Build the server first (dotnet build src/Firebreak.Server): ${dll} is missing.`);
    }

    const settings: Record<string, string> = {
      "Firebreak:BootstrapOperatorKey": this.operatorKey,
      "Firebreak:Storage:Provider": "sqlite",
      "Firebreak:Storage:ConnectionString": join(this.directory, "firebreak.db"),
      "Logging:LogLevel:Default": "Warning",
      ...this.settings,
    };
    const child = spawn("dotnet", [dll, `--urls=${this.url}`, ...Object.entries(settings).map(([k, v]) => `--${k}=${v}`)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk) => {
      this.output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      this.output += chunk;
    });
    this.process = child;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(`The server exited with code ${child.exitCode}:\n${this.output}`);
      }

      try {
        const health = await fetch(`${this.url}/health`);
        if (health.ok) {
          return;
        }
      } catch {
        // Not listening yet.
      }

      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    throw new Error(`The server did not become healthy within 60 s:\n${this.output}`);
  }
}

/**
 * The rows of the CLI's confirmation table (Point, Agent, Host, Version, Confirmed, ...). The table wraps long cells
 * onto continuation lines whose Confirmed cell is empty, so those lines are joined to the row above.
 */
export function confirmationRows(output: string): Array<{ point: string; confirmed: string }> {
  const rows: Array<{ point: string; confirmed: string }> = [];
  let header = true;
  for (const line of output.split("\n")) {
    if (line.startsWith("├")) {
      header = false;
      continue;
    }

    if (header || !line.startsWith("│")) {
      continue;
    }

    const cells = line.split("│").slice(1, -1).map((cell) => cell.trim());
    if (cells[4] !== "") {
      rows.push({ point: cells[0]!, confirmed: cells[4]! });
    } else if (rows.length > 0) {
      rows[rows.length - 1]!.point += cells[0];
    }
  }

  return rows;
}

/** Polls `condition` until it holds, failing after `timeoutMs` (a generous sanity bound, not a timing assertion). */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting until ${what}.`);
    }

    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A loopback port free now (only until someone else binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}
