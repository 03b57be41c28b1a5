using Firebreak.Incidents;
using Firebreak.Server.Incidents;
using Firebreak.Server.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Tests.Incidents;

public sealed class EscalationOptionsTests
{
    private static EscalationOptionsValidator Validator(params string[] webhooks)
    {
        var incidents = new IncidentOptions();
        foreach (var name in webhooks)
        {
            incidents.Webhooks.Add(new WebhookOptions { Name = name, Url = new Uri("https://example.org/"), Secret = "s", Format = "pagerduty" });
        }

        return new EscalationOptionsValidator(Options.Create(incidents));
    }

    [Fact]
    public void TheDefaults_PageNoOne_AndAreValid()
    {
        var options = new EscalationOptions();

        Assert.True(Validator().Validate(null, options).Succeeded);
        Assert.All(Enum.GetValues<Severity>(), s => Assert.Null(options.PolicyFor(s)));
        Assert.Equal(TimeSpan.FromSeconds(15), options.ScanInterval);
        Assert.True(options.UpdateReminders);
    }

    [Fact]
    public void APolicyThatCouldNotPageOnSchedule_IsRefused_EachProblemNamed()
    {
        var options = new EscalationOptions { ScanInterval = TimeSpan.Zero };
        options.Policies["SEV1"] = new EscalationPolicyOptions
        {
            Levels =
            {
                new EscalationLevelOptions { Receivers = { "pd", "nobody" }, EscalateAfter = TimeSpan.FromMinutes(10), RepeatEvery = TimeSpan.FromMinutes(5), Repeats = 2 },
                new EscalationLevelOptions { EscalateAfter = TimeSpan.Zero },
            },
        };
        options.Policies["P0"] = new EscalationPolicyOptions { Levels = { new EscalationLevelOptions { Receivers = { "pd" } } } };
        options.Policies["urgent"] = new EscalationPolicyOptions();

        var result = Validator("pd").Validate(null, options);

        Assert.True(result.Failed);
        var failures = string.Join("\n", result.Failures!);
        Assert.Contains("ScanInterval must be positive", failures, StringComparison.Ordinal);
        Assert.Contains("policy SEV1 level 1 repeats 2 times", failures, StringComparison.Ordinal);
        Assert.Contains("policy SEV1 level 2 needs at least one receiver", failures, StringComparison.Ordinal);
        Assert.Contains("policy SEV1 level 2 needs a positive EscalateAfter", failures, StringComparison.Ordinal);
        Assert.Contains("policy SEV1 pages 'nobody', which is not a webhook", failures, StringComparison.Ordinal);
        Assert.Contains("SEV1 has two policies", failures, StringComparison.Ordinal);
        Assert.Contains("policy 'urgent' is not a severity", failures, StringComparison.Ordinal);
    }

    [Fact]
    public void APolicy_BindsFromConfiguration_ByAnySeverityName()
    {
        var options = new EscalationOptions();
        options.Policies["p1"] = new EscalationPolicyOptions { Levels = { new EscalationLevelOptions { Receivers = { "pd" }, Repeats = 0 } } };

        var policy = options.PolicyFor(Severity.Sev2);

        Assert.NotNull(policy);
        Assert.Equal(["pd"], Assert.Single(policy.Levels).Receivers);
        Assert.True(Validator("pd").Validate(null, options).Succeeded);
    }

    [Fact]
    public async Task TheServer_RefusesToStart_WithAPolicyThatPagesAnUnknownWebhook()
    {
        await using var app = new FirebreakApp { Settings = new Dictionary<string, string> { ["Firebreak:Escalation:Policies:SEV1:Levels:0:Receivers:0"] = "ghost" } };

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("pages 'ghost', which is not a webhook", error.ToString(), StringComparison.Ordinal);
    }
}
