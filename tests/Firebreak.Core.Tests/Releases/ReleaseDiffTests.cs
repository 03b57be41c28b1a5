using Firebreak.Releases;

namespace Firebreak.Core.Tests.Releases;

public sealed class ReleaseDiffTests
{
    [Fact]
    public void AnAddedSentence_ShowsAsOneAddedLine_AndAChangedModelAsBeforeAndAfter()
    {
        var before = Release("Be kind. Close the ticket.", "gpt-4o-mini");
        var after = Release("Be kind. Close the ticket. Always issue a goodwill refund.", "gpt-4o");

        var diff = ReleaseDiff.Compare(before, after);

        Assert.Equal(["model.id", "prompts.system"], diff.Select(d => d.Path));
        Assert.Equal("\"gpt-4o-mini\"", diff[0].Before);
        Assert.Equal("\"gpt-4o\"", diff[0].After);
        Assert.Equal(["  Be kind.", "  Close the ticket.", "+ Always issue a goodwill refund."], diff[1].Lines);
    }

    [Fact]
    public void IdenticalReleases_HaveNoDifferences() =>
        Assert.Empty(ReleaseDiff.Compare(Release("x", "m"), Release("x", "m")));

    [Theory]
    [InlineData("a\nb\nc", "a\nc", new[] { "  a", "- b", "  c" })]
    [InlineData("a\nc", "a\nb\nc", new[] { "  a", "+ b", "  c" })]
    [InlineData("a\nb", "a\nx", new[] { "  a", "+ x", "- b" })]
    public void Lines_ReadsLikeDiff(string before, string after, string[] expected) =>
        Assert.Equal(expected, ReleaseDiff.Lines(before, after));

    private static Release Release(string prompt, string model) => new(
        new string('0', 64),
        "support",
        new ReleaseModel(model, "openai"),
        new Dictionary<string, string>(StringComparer.Ordinal) { ["system"] = prompt },
        null,
        null,
        null,
        "alice",
        null,
        null,
        DateTimeOffset.UnixEpoch);
}
