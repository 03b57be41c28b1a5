using Firebreak.Incidents;

namespace Firebreak.Core.Tests.Incidents;

public sealed class TemplateRendererTests
{
    private static readonly Dictionary<string, string?> Values = new(StringComparer.Ordinal)
    {
        ["agent"] = "support-bot",
        ["summary"] = "Wrong refunds",
        ["eta"] = null,
        ["owner"] = "",
    };

    [Theory]
    [InlineData("Agent {{agent}}: {{summary}}", "Agent support-bot: Wrong refunds")]
    [InlineData("{{ agent }}", "support-bot")]
    [InlineData("{{agent}}{{agent}}", "support-botsupport-bot")]
    [InlineData("no placeholders", "no placeholders")]
    [InlineData("", "")]
    [InlineData("braces } and {single} stay", "braces } and {single} stay")]
    [InlineData("closing }} alone stays", "closing }} alone stays")]
    [InlineData("ETA: {{eta}}.", "ETA: .")]
    [InlineData("Owner: {{owner}}.", "Owner: .")]
    public void Render_FillsKnownPlaceholders(string template, string expected)
    {
        Assert.Equal(expected, TemplateRenderer.Render(template, Values));
    }

    [Fact]
    public void Render_CanMarkMissingValuesExplicitly()
    {
        Assert.Equal("ETA: [eta not set], owner: [owner not set]", TemplateRenderer.Render("ETA: {{eta}}, owner: {{owner}}", Values, MissingValue.Marked));
    }

    [Theory]
    [InlineData("Hello {{customer}}", "unknown placeholder '{{customer}}'")]
    [InlineData("Hello {{Agent}}", "unknown placeholder '{{Agent}}'")]
    [InlineData("Hello {{agent", "never closed")]
    [InlineData("Hello {{}}", "is not a placeholder name")]
    [InlineData("Hello {{agent name}}", "is not a placeholder name")]
    public void Render_RefusesTemplatesItCannotFillCompletely(string template, string problem)
    {
        var error = Assert.Throws<FormatException>(() => TemplateRenderer.Render(template, Values));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ListsEveryProblemOnce()
    {
        var problems = TemplateRenderer.Validate("{{a}} {{b}} {{b}} {{c d}} {{e", ["a"]);

        Assert.Equal(
            ["'{{c d}}' at position 18 is not a placeholder name (letters, digits and underscores)", "placeholder opened at position 26 is never closed", "unknown placeholder '{{b}}'"],
            problems);
    }

    [Fact]
    public void Validate_AcceptsEveryDefaultTemplate()
    {
        var names = Context().ToTemplateValues().Keys.ToArray();

        foreach (var template in new[]
        {
            IncidentTemplates.InternalUpdateSubject, IncidentTemplates.InternalUpdateBody, IncidentTemplates.CustomerNoticeSubject,
            IncidentTemplates.CustomerNoticeBody, IncidentTemplates.ChatPost,
        })
        {
            Assert.Empty(TemplateRenderer.Validate(template, names));
        }
    }

    private static CommunicationContext Context() => new(
        "inc-42", "support-bot", Severity.Sev1, IncidentStatus.Declared, "Wrong refunds", "47 customers", "kill switch", "Dana (on-call)");
}
