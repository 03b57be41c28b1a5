namespace Firebreak.Cli.Tests;

public sealed class GlobalOptionsTests
{
    private static readonly Dictionary<string, string> FromEnvironment = new()
    {
        ["FIREBREAK_SERVER"] = "http://from-env:9000",
        ["FIREBREAK_API_KEY"] = "env-key",
    };

    private static bool TryResolve(string[] args, IReadOnlyDictionary<string, string>? environment, out CliSettings? settings, out string? problem)
    {
        using var console = new CapturedConsole();
        var context = new CliContext(
            console.Console,
            TextWriter.Null,
            (_, _) => throw new InvalidOperationException("resolving settings must not build a client"),
            name => environment?.GetValueOrDefault(name));
        var parseResult = Cli.CreateRootCommand(context).Parse(args);
        Assert.Empty(parseResult.Errors);
        return context.TryResolveSettings(parseResult, out settings, out problem);
    }

    [Fact]
    public void ServerAndKey_ComeFromEnvironment_WhenNoFlagsAreGiven()
    {
        Assert.True(TryResolve(["agents", "list"], FromEnvironment, out var settings, out _));

        Assert.Equal(new CliSettings(new Uri("http://from-env:9000"), "env-key"), settings);
    }

    [Theory]
    [InlineData("--server", "http://from-flag:7000", "--api-key", "flag-key", "agents", "list")]
    [InlineData("agents", "list", "--server", "http://from-flag:7000", "--api-key", "flag-key")]
    [InlineData("agents", "--api-key", "flag-key", "list", "--server", "http://from-flag:7000")]
    public void Flags_WinOverEnvironment_WhereverTheyAppear(params string[] args)
    {
        Assert.True(TryResolve(args, FromEnvironment, out var settings, out _));

        Assert.Equal(new CliSettings(new Uri("http://from-flag:7000"), "flag-key"), settings);
    }

    [Fact]
    public void Server_DefaultsToLocalhost5080()
    {
        Assert.True(TryResolve(["agents", "list", "--api-key", "k"], environment: null, out var settings, out _));

        Assert.Equal(new Uri("http://127.0.0.1:5080"), settings?.Server);
    }

    [Fact]
    public void EmptyEnvironmentVariables_CountAsAbsent()
    {
        var blank = new Dictionary<string, string> { ["FIREBREAK_SERVER"] = "", ["FIREBREAK_API_KEY"] = "  " };

        Assert.False(TryResolve(["agents", "list"], blank, out _, out var problem));

        Assert.Equal("no API key: pass --api-key or set FIREBREAK_API_KEY", problem);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://firebreak")]
    [InlineData("/relative")]
    public void InvalidServerUrl_IsRefused(string server)
    {
        Assert.False(TryResolve(["agents", "list", "--api-key", "k", "--server", server], environment: null, out _, out var problem));

        Assert.Equal($"the server URL '{server}' is not an absolute http or https URL", problem);
    }

    [Fact]
    public async Task MissingApiKey_PrintsOneLineTellingHowToPassIt_AndExitsWithUsage()
    {
        var run = await CliRun.RunAsync(["agents", "list"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("error: no API key: pass --api-key or set FIREBREAK_API_KEY" + Environment.NewLine, run.Error);
        Assert.Null(run.Server);
    }

    [Theory]
    [InlineData("agents", "lst")]
    [InlineData("runs", "list", "--limit", "0")]
    [InlineData("runs", "list", "--limit", "many")]
    [InlineData("runs", "list", "--before", "yesterday-ish")]
    [InlineData("keys", "create", "--name", "x", "--role", "admin")]
    [InlineData("keys", "create", "--role", "viewer")]
    [InlineData("trace")]
    [InlineData("trace", " ")]
    public async Task BadCommandLine_PrintsOneErrorLine_AndExitsWithUsage_WithoutCallingTheServer(params string[] args)
    {
        var run = await CliRun.RunAsync([.. args, "--api-key", "k"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        var line = Assert.Single(run.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.EndsWith("(see firebreak --help)", line, StringComparison.Ordinal);
        Assert.Null(run.Server);
    }
}
