using System.Text.Json;
using Firebreak.Compensation;
using Firebreak.Ledger;

namespace Firebreak.Core.Tests.Compensation;

public sealed class CompensationTemplateTests
{
    private static readonly Dictionary<string, string> Endpoints = new(StringComparer.Ordinal) { ["desk"] = "http://desk:5081/" };

    [Theory]
    [InlineData("T-1", false)]
    [InlineData("rf 1", false)]
    [InlineData("a.b", false)]
    [InlineData("100%", false)]
    [InlineData("%zz", false)]
    [InlineData("", true)]
    [InlineData(".", true)]
    [InlineData("..", true)]
    [InlineData("../admin", true)]
    [InlineData("..\\admin", true)]
    [InlineData("a/b", true)]
    [InlineData("%2e%2e%2fadmin", true)]
    [InlineData("%2E%2E%2Fadmin", true)]
    [InlineData("%252e%252e%252fadmin", true)]
    [InlineData("%25252e%25252e", true)]
    [InlineData("x%2fy", true)]
    [InlineData("x%5cy", true)]
    [InlineData("x%5Cy", true)]
    [InlineData("%2e", true)]
    public void ChangesPath_RefusesSeparatorsAndDotSegments_EncodedAnyNumberOfTimes(string value, bool changes) =>
        Assert.Equal(changes, CompensationTemplate.ChangesPath(value));

    [Theory]
    [InlineData("../admin")]
    [InlineData("%2e%2e%2fadmin")]
    [InlineData("%252e%252e%252fadmin")]
    [InlineData("..")]
    public void AnArgumentThatWouldLeaveThePath_IsRefused_WithTheReason(string id)
    {
        var ok = CompensationTemplate.TryExpand("{endpoint.desk}/tickets/{arguments.id}/reopen", Action(id), Endpoints, out var url, out var error);

        Assert.False(ok);
        Assert.Null(url);
        Assert.Contains("would change the URL's path", error, StringComparison.Ordinal);
        Assert.Contains("{arguments.id}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AValueInTheQuery_IsEscaped_AndMayHoldSlashes()
    {
        var ok = CompensationTemplate.TryExpand("{endpoint.desk}/tickets?id={arguments.id}", Action("../a b"), Endpoints, out var url, out _);

        Assert.True(ok);
        Assert.Equal("http://desk:5081/tickets?id=..%2Fa%20b", url);
    }

    [Fact]
    public void AHookValueThatWouldLeaveThePath_IsRefused()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["source"] = "kb/../../admin" };

        var ok = CompensationTemplate.TryExpand("{endpoint.desk}/knowledge/{source}/quarantine", values, Endpoints, out _, out var error);

        Assert.False(ok);
        Assert.Contains("'{source}' of this hook is 'kb/../../admin', which would change the URL's path", error, StringComparison.Ordinal);
    }

    private static ActionRecord Action(string id)
    {
        using var arguments = JsonDocument.Parse(JsonSerializer.Serialize(new { id }));
        return new ActionRecord(
            1, "support", "key-1", "close_ticket", arguments.RootElement.Clone(), "digest", ActionOutcome.Executed, "run-1", null,
            ["ticket:t-1"], null, null, null, null, new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero), "hash");
    }
}
