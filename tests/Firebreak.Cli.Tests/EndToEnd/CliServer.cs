using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Firebreak.Cli.Tests.EndToEnd;

/// <summary>The real Firebreak server in process, on a fresh SQLite file with the sample registry, for the CLI to talk to.</summary>
// Any public type of the server assembly names it; the CLI has a Program of its own.
public sealed class CliServer : WebApplicationFactory<Firebreak.Server.FirebreakOptions>
{
    public const string OperatorKey = "fbk_cli_tests_operator";

    private readonly TempDirectory _directory = new("firebreak-cli-tests");

    public string DatabasePath => _directory.File("firebreak.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Firebreak:BootstrapOperatorKey", OperatorKey);
        builder.UseSetting("Firebreak:RegistryFile", RepositoryPaths.SampleRegistry);
        builder.UseSetting("Firebreak:Storage:ConnectionString", DatabasePath);
        builder.UseSetting("Firebreak:Compensation:Endpoints:supportdesk", "http://supportdesk.invalid");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _directory.Dispose();
        }
    }
}
