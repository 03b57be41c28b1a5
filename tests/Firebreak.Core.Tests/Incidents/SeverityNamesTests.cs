using Firebreak.Incidents;

namespace Firebreak.Core.Tests.Incidents;

public sealed class SeverityNamesTests
{
    [Theory]
    [InlineData("SEV1", Severity.Sev1)]
    [InlineData("SEV2", Severity.Sev2)]
    [InlineData("SEV3", Severity.Sev3)]
    [InlineData("SEV4", Severity.Sev4)]
    [InlineData("sev1", Severity.Sev1)]
    [InlineData("Sev3", Severity.Sev3)]
    [InlineData("SEV-2", Severity.Sev2)]
    [InlineData("P0", Severity.Sev1)]
    [InlineData("p1", Severity.Sev2)]
    [InlineData("P2", Severity.Sev3)]
    [InlineData("P3", Severity.Sev4)]
    [InlineData("critical", Severity.Sev1)]
    [InlineData("HIGH", Severity.Sev2)]
    [InlineData("Medium", Severity.Sev3)]
    [InlineData("low", Severity.Sev4)]
    [InlineData("  sev4 ", Severity.Sev4)]
    public void TryParse_AcceptsEveryAlias(string text, Severity expected)
    {
        Assert.True(SeverityNames.TryParse(text, out var severity));
        Assert.Equal(expected, severity);
        Assert.Equal(expected, SeverityNames.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("SEV0")]
    [InlineData("SEV5")]
    [InlineData("P4")]
    [InlineData("P-1")]
    [InlineData("SEV12")]
    [InlineData("SEV")]
    [InlineData("P")]
    [InlineData("1")]
    [InlineData("urgent")]
    [InlineData("S E V 1")]
    public void TryParse_RefusesAnythingElse(string? text)
    {
        Assert.False(SeverityNames.TryParse(text, out _));
    }

    [Fact]
    public void Parse_ThrowsFormatExceptionListingTheAcceptedForms()
    {
        var error = Assert.Throws<FormatException>(() => SeverityNames.Parse("urgent"));
        Assert.Contains("P0-P3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Severity.Sev1, "SEV1 (P0)", "SEV1/P0")]
    [InlineData(Severity.Sev2, "SEV2 (P1)", "SEV2/P1")]
    [InlineData(Severity.Sev3, "SEV3 (P2)", "SEV3/P2")]
    [InlineData(Severity.Sev4, "SEV4 (P3)", "SEV4/P3")]
    public void DisplayAndTag_ShowBothNames(Severity severity, string display, string tag)
    {
        Assert.Equal(display, SeverityNames.ToDisplay(severity));
        Assert.Equal(tag, SeverityNames.ToTag(severity));
    }

    [Fact]
    public void EveryDisplayedName_ParsesBackToItsSeverity()
    {
        foreach (var severity in Enum.GetValues<Severity>())
        {
            Assert.Equal(severity, SeverityNames.Parse(SeverityNames.ToSevName(severity)));
            Assert.Equal(severity, SeverityNames.Parse(SeverityNames.ToPriorityName(severity)));
        }
    }
}
