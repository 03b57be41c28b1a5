using Firebreak.Server.Incidents;

namespace Firebreak.Server.Tests.Incidents;

public sealed class IncidentOptionsTests
{
    [Fact]
    public void WebhooksThatCouldNeverDeliver_AreRefused_EachProblemNamed()
    {
        var options = new IncidentOptions();
        options.Webhooks.Add(new WebhookOptions { Name = "a", Url = new Uri("ftp://example.org/"), Secret = "", Format = "xml" });
        options.Webhooks.Add(new WebhookOptions { Name = "a", Url = new Uri("https://example.org/"), Secret = "s", Events = { "*" } });

        var result = new IncidentOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = string.Join("\n", result.Failures!);
        Assert.Contains("absolute http(s) Url", failures, StringComparison.Ordinal);
        Assert.Contains("needs a Secret", failures, StringComparison.Ordinal);
        Assert.Contains("lists no Events", failures, StringComparison.Ordinal);
        Assert.Contains("Format 'xml'", failures, StringComparison.Ordinal);
        Assert.Contains("'a' is used twice", failures, StringComparison.Ordinal);
    }

    [Fact]
    public void NoWebhooks_IsValid() =>
        Assert.True(new IncidentOptionsValidator().Validate(null, new IncidentOptions()).Succeeded);
}
