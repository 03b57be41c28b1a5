using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Firebreak.Cli.Tests.EndToEnd;

/// <summary>The real Firebreak server in process, on a fresh SQLite file with the sample registry, for the CLI to talk to.</summary>
// Any public type of the server assembly names it; the CLI has a Program of its own.
public sealed class CliServer : WebApplicationFactory<Firebreak.Server.FirebreakOptions>
{
    public const string OperatorKey = "fbk_cli_tests_operator";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "firebreak-cli-tests", Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(_directory, "firebreak.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_directory);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Firebreak:BootstrapOperatorKey", OperatorKey);
        builder.UseSetting("Firebreak:RegistryFile", Path.Combine(RepositoryRoot(), "samples", "SupportDesk", "registry.json"));
        builder.UseSetting("Firebreak:Storage:ConnectionString", DatabasePath);
        builder.UseSetting("Firebreak:Compensation:Endpoints:supportdesk", "http://supportdesk.invalid");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (disposing && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Firebreak.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Could not find Firebreak.slnx above the test output folder.");
    }
}
