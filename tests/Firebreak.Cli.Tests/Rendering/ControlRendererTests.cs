using Firebreak.Cli.Rendering;
using Firebreak.Control;

namespace Firebreak.Cli.Tests.Rendering;

public sealed class ControlRendererTests
{
    private static readonly PointConfirmation[] LongConfirmations =
    [
        new("support-worker-eu-west-1a-7f3c9d2e41b84f0a", "support-agent-production", "ip-10-42-117-203.eu-west-1.compute.internal", "2.14.0-preview.3+9f1c2e4b7a6d8c0e1f2a3b4c5d6e7f8091a2b3c4", true, 1234567, 12.5),
        new("billing-worker-us-east-2b-0a1b2c3d4e5f6a7b", null, null, "5d41402abc4b2a76b9719d911017c592", false, 1234560),
    ];

    [Fact]
    public void Confirmations_FitAnEightyColumnTerminal_OneLinePerPoint()
    {
        using var console = new CapturedConsole(width: 80);

        ControlRenderer.RenderConfirmations(console.Console, LongConfirmations, epoch: 1234567, confirmed: 1, unconfirmed: 1);

        var lines = console.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.All(lines, line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));

        // Top border, header, separator, one line per point, bottom border, the count.
        Assert.Equal(4 + LongConfirmations.Length + 1, lines.Count);
        Assert.Contains(lines, l => l.Contains("1234567", StringComparison.Ordinal) && l.Contains("yes", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("1234560", StringComparison.Ordinal) && l.Contains("no", StringComparison.Ordinal));
    }

    [Fact]
    public void Confirmations_ShowAShortVersion_WithoutBuildMetadata()
    {
        using var console = new CapturedConsole();

        ControlRenderer.RenderConfirmations(console.Console, LongConfirmations, epoch: 1234567, confirmed: 1, unconfirmed: 1);

        Assert.Contains("2.14.0-prev…", console.Output, StringComparison.Ordinal);
        Assert.Contains("5d41402abc4…", console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("9f1c2e4b", console.Output, StringComparison.Ordinal);
        Assert.Contains("support-worker-eu-west-1a-7f3c9d2e41b84f0a", console.Output, StringComparison.Ordinal);
        Assert.Contains("1 of 2 enforcement points confirmed epoch 1234567", console.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.2.0", "1.2.0")]
    [InlineData("1.2.0+3f9c2e4b7a6d", "1.2.0")]
    [InlineData("0123456789abcdef", "0123456789a…")]
    public void ShortVersion_DropsBuildMetadata_AndCutsToTwelveCharacters(string version, string shown) =>
        Assert.Equal(shown, Display.ShortVersion(version));
}
