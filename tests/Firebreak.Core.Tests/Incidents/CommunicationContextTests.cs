using Firebreak.Incidents;

namespace Firebreak.Core.Tests.Incidents;

public sealed class CommunicationContextTests
{
    private static readonly CommunicationContext RefundIncident = new(
        IncidentId: "inc-42",
        AgentId: "support-bot",
        Severity: Severity.Sev1,
        Status: IncidentStatus.Declared,
        Summary: "Wrong $40 refunds",
        Impact: "47 customers received refunds they did not ask for; 312 tickets touched",
        CurrentAction: "kill switch activated; refunds stopped",
        Commander: "Dana Ruiz, #inc-42",
        NextUpdateIn: SeverityPolicy.Defaults[Severity.Sev1].UpdateCadence);

    [Fact]
    public void InternalUpdate_SubjectCarriesSeverityAgentAndSummary()
    {
        var subject = TemplateRenderer.Render(IncidentTemplates.InternalUpdateSubject, RefundIncident.ToTemplateValues());

        Assert.Equal("[SEV1/P0] Agent Incident — support-bot — Wrong $40 refunds", subject);
    }

    [Fact]
    public void InternalUpdate_BodySaysInvestigatingWhenTheResolutionIsUnknown()
    {
        var body = TemplateRenderer.Render(IncidentTemplates.InternalUpdateBody, RefundIncident.ToTemplateValues());

        Assert.Equal(
            """
            Status: Active
            Severity: SEV1 (P0)
            Impact: 47 customers received refunds they did not ask for; 312 tickets touched
            Current action: kill switch activated; refunds stopped
            Estimated resolution: investigating
            Incident commander: Dana Ruiz, #inc-42
            Next update in: 30 minutes
            Incident: inc-42
            """,
            body);
    }

    [Theory]
    [InlineData(IncidentStatus.Declared, "Active")]
    [InlineData(IncidentStatus.Investigating, "Investigating")]
    [InlineData(IncidentStatus.Mitigated, "Mitigated")]
    [InlineData(IncidentStatus.Resolved, "Resolved")]
    [InlineData(IncidentStatus.Closed, "Resolved")]
    public void Status_UsesTheWordsStakeholdersExpect(IncidentStatus status, string text)
    {
        Assert.Equal(text, (RefundIncident with { Status = status }).ToTemplateValues()["status"]);
    }

    [Theory]
    [InlineData(30, "30 minutes")]
    [InlineData(60, "1 hour")]
    [InlineData(90, "1 hour 30 minutes")]
    [InlineData(240, "4 hours")]
    [InlineData(1440, "1 day")]
    public void NextUpdateIn_ReadsAsWords(int minutes, string text)
    {
        Assert.Equal(text, (RefundIncident with { NextUpdateIn = TimeSpan.FromMinutes(minutes) }).ToTemplateValues()["next_update_in"]);
    }

    [Fact]
    public void CustomerNotice_GivesImpactWorkaroundTimelineAndApology()
    {
        var context = RefundIncident with
        {
            Status = IncidentStatus.Mitigated,
            Feature = "the support assistant",
            Impact = "a refund you did not request may appear on your statement",
            Workaround = "reply to this email and a person will sort it out",
            EstimatedResolution = "2 hours",
        };

        var values = context.ToTemplateValues();
        var subject = TemplateRenderer.Render(IncidentTemplates.CustomerNoticeSubject, values);
        var body = TemplateRenderer.Render(IncidentTemplates.CustomerNoticeBody, values);

        Assert.Equal("Service update: the support assistant", subject);
        Assert.Contains("in the support assistant", body, StringComparison.Ordinal);
        Assert.Contains("What you may notice: a refund you did not request may appear on your statement", body, StringComparison.Ordinal);
        Assert.Contains("What you can do in the meantime: reply to this email and a person will sort it out", body, StringComparison.Ordinal);
        Assert.Contains("within 2 hours", body, StringComparison.Ordinal);
        Assert.Contains("sorry", body, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", body, StringComparison.Ordinal);
    }

    [Fact]
    public void CustomerNotice_FallsBackToTheAgentSupportAndAnHonestUnknown()
    {
        var values = RefundIncident.ToTemplateValues();

        Assert.Equal("support-bot", values["feature"]);
        Assert.Contains("support", values["workaround"], StringComparison.Ordinal);
        Assert.Contains("do not have a reliable estimate", values["customer_timeline"], StringComparison.Ordinal);
    }

    [Fact]
    public void ChatPost_FitsOnOneLine()
    {
        var post = TemplateRenderer.Render(IncidentTemplates.ChatPost, RefundIncident.ToTemplateValues());

        Assert.Equal(
            "[SEV1/P0] support-bot: Wrong $40 refunds | Active | now: kill switch activated; refunds stopped | IC Dana Ruiz, #inc-42 | next update in 30 minutes",
            post);
    }
}
