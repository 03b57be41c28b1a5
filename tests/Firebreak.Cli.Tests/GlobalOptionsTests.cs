using Firebreak.Registry;

namespace Firebreak.Cli.Tests;

public sealed class GlobalOptionsTests
{
    private static readonly string[] AgentsList = ["agents", "list"];

    private static CannedHandler Agents() => new CannedHandler().Json<AgentDefinition[]>("/api/v1/agents", []);

    [Fact]
    public async Task ServerAndKey_ComeFromEnvironment_WhenNoFlagsAreGiven()
    {
        var run = await CliRun.RunAsync(AgentsList, Agents(), new Dictionary<string, string>
        {
            ["FIREBREAK_SERVER"] = "http://firebreak.internal:9000",
            ["FIREBREAK_API_KEY"] = "env-key",
        });

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(new Uri("http://firebreak.internal:9000"), run.Server);
        Assert.Equal("env-key", run.ApiKey);
    }

    [Fact]
    public async Task Flags_WinOverEnvironment_BeforeOrAfterTheCommand()
    {
        var environment = new Dictionary<string, string>
        {
            ["FIREBREAK_SERVER"] = "http://from-env:9000",
            ["FIREBREAK_API_KEY"] = "env-key",
        };

        var before = await CliRun.RunAsync(["--server", "http://from-flag:7000", "--api-key", "flag-key", "agents", "list"], Agents(), environment);
        var after = await CliRun.RunAsync(["agents", "list", "--server", "http://from-flag:7000", "--api-key", "flag-key"], Agents(), environment);

        foreach (var run in new[] { before, after })
        {
            Assert.Equal(ExitCodes.Success, run.ExitCode);
            Assert.Equal(new Uri("http://from-flag:7000"), run.Server);
            Assert.Equal("flag-key", run.ApiKey);
        }
    }

    [Fact]
    public async Task Server_DefaultsToLocalhost5080()
    {
        var run = await CliRun.RunAsync(["agents", "list", "--api-key", "k"], Agents());

        Assert.Equal(new Uri("http://127.0.0.1:5080"), run.Server);
    }

    [Fact]
    public async Task ApiKey_IsSentAsBearerToken()
    {
        var handler = Agents();

        await CliRun.RunAsync(["agents", "list", "--api-key", "secret-1"], handler);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("Bearer", request.Authorization?.Scheme);
        Assert.Equal("secret-1", request.Authorization?.Parameter);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task MissingApiKey_PrintsOneLineTellingHowToPassIt_AndExitsWithUsage(string? environmentValue)
    {
        var environment = environmentValue is null ? null : new Dictionary<string, string> { ["FIREBREAK_API_KEY"] = environmentValue };

        var run = await CliRun.RunAsync(AgentsList, Agents(), environment);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("error: no API key: pass --api-key or set FIREBREAK_API_KEY" + Environment.NewLine, run.Error);
        Assert.Null(run.Server);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://firebreak")]
    [InlineData("/relative")]
    public async Task InvalidServerUrl_IsAUsageError(string server)
    {
        var run = await CliRun.RunAsync(["agents", "list", "--api-key", "k", "--server", server], Agents());

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith($"error: the server URL '{server}'", run.Error, StringComparison.Ordinal);
        Assert.Null(run.Server);
    }

    [Theory]
    [InlineData("agents", "lst")]
    [InlineData("runs", "list", "--limit", "0")]
    [InlineData("runs", "list", "--limit", "many")]
    [InlineData("keys", "create", "--name", "x", "--role", "admin")]
    [InlineData("trace")]
    public async Task BadCommandLine_PrintsOneErrorLine_AndExitsWithUsage(params string[] args)
    {
        var run = await CliRun.RunAsync([.. args, "--api-key", "k"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        var line = Assert.Single(run.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Null(run.Server);
    }
}
