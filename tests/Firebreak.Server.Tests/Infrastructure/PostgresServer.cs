using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;

namespace Firebreak.Server.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster in a temp directory, listening on a free loopback port.
/// Uses the Debian server binaries that <c>scripts/test.sh</c> installs.
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    private const string BinariesRoot = "/usr/lib/postgresql";
    private const string Superuser = "postgres";
    private const string ServiceAccount = "postgres";
    private const int StartAttempts = 5;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(180);

    private readonly string _binDirectory;
    private readonly string _rootDirectory;
    private readonly bool _runAsServiceAccount;
    private int _disposed;

    private PostgresServer(string binDirectory, string rootDirectory, bool runAsServiceAccount)
    {
        _binDirectory = binDirectory;
        _rootDirectory = rootDirectory;
        _runAsServiceAccount = runAsServiceAccount;
    }

    public int Port { get; private set; }

    private string DataDirectory => Path.Combine(_rootDirectory, "data");

    private string LogFile => Path.Combine(_rootDirectory, "postgres.log");

    /// <summary>Initializes a fresh cluster and starts it; returns once it accepts connections.</summary>
    /// <exception cref="InvalidOperationException">The binaries are missing or the server cannot start.</exception>
    public static async Task<PostgresServer> StartAsync()
    {
        var binDirectory = FindBinDirectory();
        // PostgreSQL refuses to run as root, so under root (CI containers) the cluster belongs to
        // the account the Debian package creates.
        var runAsServiceAccount = Environment.IsPrivilegedProcess;
        var rootDirectory = Directory.CreateTempSubdirectory("firebreak-pg-").FullName;
        var server = new PostgresServer(binDirectory, rootDirectory, runAsServiceAccount);
        try
        {
            if (runAsServiceAccount)
            {
                await RunAsync("chown", [$"{ServiceAccount}:", rootDirectory], rootDirectory);
            }

            await server.InitializeClusterAsync();
            await server.StartServerAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = IPAddress.Loopback.ToString(),
        Port = Port,
        Username = Superuser,
        Database = database,
        IncludeErrorDetail = true,
    }.ConnectionString;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    /// <param name="name">Lower-case identifier; a unique name is generated when omitted.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a plain lower-case identifier.</exception>
    public async Task<string> CreateDatabaseAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        name ??= $"firebreak_{Guid.NewGuid():N}";
        // CREATE DATABASE takes no parameters, so the name is spliced in and must be a plain identifier.
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException($"Database name '{name}' must match {DatabaseName()}.", nameof(name));
        }

        var admin = new NpgsqlConnectionStringBuilder(ConnectionString("postgres")) { Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                await RunToolAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "180"]);
            }
        }
        finally
        {
            Directory.Delete(_rootDirectory, recursive: true);
        }
    }

    private static string FindBinDirectory()
    {
        var candidates = Directory.Exists(BinariesRoot)
            ? Directory.GetDirectories(BinariesRoot)
                .Select(directory => (Directory: directory, Version: ParseVersion(Path.GetFileName(directory))))
                .Where(candidate => candidate.Version is not null
                    && File.Exists(Path.Combine(candidate.Directory, "bin", "initdb")))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => Path.Combine(candidate.Directory, "bin"))
            : [];

        return candidates.FirstOrDefault() ?? throw new InvalidOperationException(
            $"PostgreSQL server binaries were not found in {BinariesRoot}/<version>/bin. "
            + "Run the tests with `bash scripts/test.sh`, which installs them (apt-get install postgresql).");
    }

    private static Version? ParseVersion(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version)
            ? version
            : null;

    private async Task InitializeClusterAsync()
    {
        // C collation sorts the same on every machine; --no-sync because the cluster is thrown away.
        await RunToolAsync("initdb",
            ["-D", DataDirectory, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"]);

        // Sockets stay inside the temp directory so parallel servers never share a lock file in /tmp.
        await File.AppendAllLinesAsync(Path.Combine(DataDirectory, "postgresql.conf"),
        [
            "listen_addresses = '127.0.0.1'",
            $"unix_socket_directories = '{_rootDirectory}'",
            "shared_buffers = 16MB",
            // All test classes share this server and each keeps its own connection pool.
            "max_connections = 200",
        ]);
    }

    private async Task StartServerAsync()
    {
        // The free port is only free until someone else binds it: another test process may win the
        // race, so a bind failure retries on a new port.
        for (var attempt = 1; ; attempt++)
        {
            Port = FindFreePort();
            // A stale log would make a later, unrelated failure look like a port clash.
            File.Delete(LogFile);
            try
            {
                // -l is essential: without it the postmaster inherits our stdout/stderr pipes and
                // reading them would never finish.
                await RunToolAsync("pg_ctl",
                    ["start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "180", "-o", $"-p {Port}"]);
                break;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts && ReadLog().Contains("Address already in use", StringComparison.Ordinal))
            {
            }
        }

        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync();
    }

    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string ReadLog() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";

    private async Task RunToolAsync(string tool, IReadOnlyList<string> arguments)
    {
        var executable = Path.Combine(_binDirectory, tool);
        try
        {
            if (_runAsServiceAccount)
            {
                await RunAsync("runuser", ["-u", ServiceAccount, "--", executable, .. arguments], _rootDirectory);
            }
            else
            {
                await RunAsync(executable, arguments, _rootDirectory);
            }
        }
        catch (InvalidOperationException exception) when (ReadLog() is { Length: > 0 } log)
        {
            throw new InvalidOperationException($"{exception.Message}{Environment.NewLine}server log:{Environment.NewLine}{log}", exception);
        }
    }

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, string workingDirectory)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            // The service account may not be able to enter the test's working directory (e.g. under /root).
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // initdb rejects locales that are configured but not generated, which is common in containers.
        startInfo.Environment["LC_ALL"] = "C";
        var commandLine = string.Join(' ', [fileName, .. arguments]);

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start `{commandLine}`.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
        }

        var (output, errors) = (await stdout, await stderr);
        if (timedOut || process.ExitCode != 0)
        {
            var outcome = timedOut
                ? $"did not finish within {CommandTimeout.TotalSeconds} s"
                : string.Create(CultureInfo.InvariantCulture, $"exited with code {process.ExitCode}");
            throw new InvalidOperationException(
                $"`{commandLine}` {outcome}.{Environment.NewLine}stderr:{Environment.NewLine}{errors}{Environment.NewLine}stdout:{Environment.NewLine}{output}");
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
