using System.Text.Json;
using Firebreak.Releases;

namespace Firebreak.Core.Tests.Releases;

public sealed class ReleaseContentTests
{
    [Fact]
    public void TheId_IgnoresMemberOrderAndWhitespace_ButNotContent()
    {
        var a = Content("""{ "temperature": 0.2, "maxTokens": 400 }""", "be kind");
        var b = Content("""{"maxTokens":400,"temperature":0.2}""", "be kind");
        var c = Content("""{"maxTokens":400,"temperature":0.3}""", "be kind");
        var d = Content("""{"maxTokens":400,"temperature":0.2}""", "be kind.");

        Assert.Equal(a.Digest(), b.Digest());
        Assert.NotEqual(a.Digest(), c.Digest());
        Assert.NotEqual(a.Digest(), d.Digest());
        Assert.Matches("^[0-9a-f]{64}$", a.Digest());
    }

    [Fact]
    public void TheId_CoversTheAgent_SoTwoAgentsNeverShareARelease() =>
        Assert.NotEqual(Content("{}", "x").Digest(), (Content("{}", "x") with { AgentId = "billing" }).Digest());

    private static ReleaseContent Content(string parameters, string prompt) => new(
        "support",
        new ReleaseModel("gpt-4o-mini-2024-07-18", "openai", JsonDocument.Parse(parameters).RootElement),
        new Dictionary<string, string>(StringComparer.Ordinal) { ["system"] = prompt });
}
