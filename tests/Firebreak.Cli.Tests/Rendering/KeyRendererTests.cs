using Firebreak.Auth;
using Firebreak.Cli.Rendering;

namespace Firebreak.Cli.Tests.Rendering;

public sealed class KeyRendererTests
{
    [Fact]
    public void Created_ShowsTheSecret_AndWarnsItIsShownOnce()
    {
        using var console = new CapturedConsole();

        KeyRenderer.RenderCreated(console.Console, new CreatedApiKey("key-1", "support-prod", ApiKeyRole.Agent, "support-agent", DateTimeOffset.UnixEpoch, "fbk_secret"));

        Assert.Matches(@"Key\s+fbk_secret", console.Output);
        Assert.Matches(@"Role\s+agent", console.Output);
        Assert.Contains("not shown again", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ACiKey_ShowsEachOfItsAgents()
    {
        using var created = new CapturedConsole();
        using var listed = new CapturedConsole();

        KeyRenderer.RenderCreated(created.Console, new CreatedApiKey("key-3", "pipeline", ApiKeyRole.Ci, null, DateTimeOffset.UnixEpoch, "fbk_secret", ["support", "billing"]));
        KeyRenderer.RenderList(listed.Console, [new ApiKeyInfo("key-3", "pipeline", ApiKeyRole.Ci, null, DateTimeOffset.UnixEpoch, null, ["support", "billing"])]);

        Assert.Matches(@"Role\s+ci", created.Output);
        Assert.Matches(@"Agents\s+support, billing", created.Output);
        Assert.Matches(@"key-3\s+│\s+pipeline\s+│\s+ci\s+│\s+support, billing\s+│", listed.Output);
    }

    [Fact]
    public void List_ShowsRoleAgentAndRevocation()
    {
        using var console = new CapturedConsole();
        ApiKeyInfo[] keys =
        [
            new("key-1", "ops", ApiKeyRole.Operator, null, DateTimeOffset.UnixEpoch, null),
            new("key-2", "old", ApiKeyRole.Viewer, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1)),
        ];

        KeyRenderer.RenderList(console.Console, keys);

        var lines = console.Output.Split('\n');
        Assert.Matches(@"key-1\s+│\s+ops\s+│\s+operator\s+│\s+-\s+│\s+1970-01-01 00:00:00Z\s+│\s+-", Assert.Single(lines, l => l.Contains("key-1", StringComparison.Ordinal)));
        Assert.Matches(@"key-2\s+│\s+old\s+│\s+viewer\s+│\s+-\s+│\s+1970-01-01 00:00:00Z\s+│\s+1970-01-02 00:00:00Z", Assert.Single(lines, l => l.Contains("key-2", StringComparison.Ordinal)));
    }
}
