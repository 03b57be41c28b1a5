using Firebreak.Cli.Commands;

namespace Firebreak.Cli.Tests.Commands;

public sealed class DurationOptionTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("2h", 7200)]
    [InlineData("1d", 86400)]
    [InlineData("00:05:00", 300)]
    public void UnitsAndTimeSpans_AreAccepted(string text, int seconds)
    {
        Assert.True(DurationOption.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("0m")]
    [InlineData("-5m")]
    [InlineData("-00:05:00")]
    [InlineData("5x")]
    [InlineData("soon")]
    public void ZeroNegativeAndNonsense_AreRefused(string text) =>
        Assert.False(DurationOption.TryParse(text, out _));
}
