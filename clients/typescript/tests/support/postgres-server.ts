import { execFile } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { freePort } from "./firebreak-server.js";

const BIN = process.env.FIREBREAK_POSTGRES_BIN ?? "/usr/lib/postgresql/15/bin";

// PostgreSQL refuses to run as root, so under root (CI containers) the cluster belongs to the account the Debian
// package creates, as tests/Firebreak.Server.Tests/Infrastructure/PostgresServer.cs does.
const SERVICE_ACCOUNT = "postgres";
const SUPERUSER = "postgres";

/**
 * A throwaway PostgreSQL cluster in a temporary directory, listening on a free loopback port: `initdb` and `pg_ctl`
 * from `FIREBREAK_POSTGRES_BIN` (default the Debian PostgreSQL 15 binaries).
 */
export class PostgresServer {
  private constructor(private readonly root: string, private readonly asServiceAccount: boolean, public port = 0) {}

  private get data(): string {
    return join(this.root, "data");
  }

  private get log(): string {
    return join(this.root, "postgres.log");
  }

  /** Initializes a fresh cluster and starts it; resolves once it accepts connections. */
  static async start(): Promise<PostgresServer> {
    if (!existsSync(join(BIN, "initdb"))) {
      throw new Error(`PostgreSQL server binaries were not found in ${BIN} (apt-get install postgresql-15, or set FIREBREAK_POSTGRES_BIN).`);
    }

    const root = mkdtempSync(join(tmpdir(), "firebreak-ts-pg-"));
    const server = new PostgresServer(root, userInfo().uid === 0);
    try {
      if (server.asServiceAccount) {
        await run("chown", [`${SERVICE_ACCOUNT}:`, root]);
      }

      // C collation sorts the same on every machine; --no-sync because the cluster is thrown away.
      await server.tool("initdb", ["-D", server.data, "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"]);
      // Appending keeps the file's owner. Sockets stay inside the temporary directory so parallel clusters never share a lock file in /tmp.
      appendFileSync(join(server.data, "postgresql.conf"), [
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${root}'`,
        "shared_buffers = 16MB",
        "fsync = off",
        "",
      ].join("\n"));
      await server.listen();
      return server;
    } catch (error) {
      await server.dispose();
      throw error;
    }
  }

  /** A Npgsql connection string to `database` as the superuser. */
  connectionString(database: string): string {
    return `Host=127.0.0.1;Port=${this.port};Username=${SUPERUSER};Database=${database}`;
  }

  /** Creates an empty database and returns its connection string. */
  async createDatabase(name: string): Promise<string> {
    await this.tool("createdb", ["-h", "127.0.0.1", "-p", String(this.port), "-U", SUPERUSER, name]);
    return this.connectionString(name);
  }

  /** Stops the cluster at once and deletes its files. */
  async dispose(): Promise<void> {
    try {
      if (existsSync(join(this.data, "postmaster.pid"))) {
        await this.tool("pg_ctl", ["stop", "-D", this.data, "-m", "immediate", "-w", "-t", "60"]);
      }
    } finally {
      rmSync(this.root, { recursive: true, force: true });
    }
  }

  // The free port is only free until someone else binds it: a bind failure retries on a new port.
  private async listen(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      this.port = await freePort();
      rmSync(this.log, { force: true });
      try {
        // -l keeps the postmaster off this process's pipes, which would otherwise never close.
        await this.tool("pg_ctl", ["start", "-D", this.data, "-l", this.log, "-w", "-t", "120", "-o", `-p ${this.port}`]);
        return;
      } catch (error) {
        if (attempt >= 5 || !this.readLog().includes("Address already in use")) {
          throw error;
        }
      }
    }
  }

  private readLog(): string {
    return existsSync(this.log) ? readFileSync(this.log, "utf8") : "";
  }

  private async tool(name: string, args: string[]): Promise<void> {
    const executable = join(BIN, name);
    try {
      await (this.asServiceAccount ? run("runuser", ["-u", SERVICE_ACCOUNT, "--", executable, ...args], this.root) : run(executable, args, this.root));
    } catch (error) {
      const log = this.readLog();
      throw log.length > 0 ? new Error(`${(error as Error).message}\nserver log:\n${log}`, { cause: error }) : error;
    }
  }
}

function run(file: string, args: string[], cwd?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // The service account may not be able to enter this process's working directory (such as under /root); initdb
    // rejects locales that are configured but not generated, common in containers.
    execFile(file, args, { cwd: cwd ?? tmpdir(), env: { ...process.env, LC_ALL: "C" }, timeout: 180_000 }, (error, stdout, stderr) => {
      if (error === null) {
        resolve();
      } else {
        reject(new Error(`\`${file} ${args.join(" ")}\` failed (${error.code ?? error.signal}).\nstderr:\n${stderr}\nstdout:\n${stdout}`, { cause: error }));
      }
    });
  });
}
