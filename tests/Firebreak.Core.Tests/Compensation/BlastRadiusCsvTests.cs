using System.Text.Json;
using Firebreak.Compensation;
using Firebreak.Ledger;

namespace Firebreak.Core.Tests.Compensation;

public sealed class BlastRadiusCsvTests
{
    [Fact]
    public void Row_HasOneFieldPerHeaderColumn_WithExactAmountAndUtcTime()
    {
        var row = BlastRadiusCsv.Row(Action("refund-1", entities: ["customer:c-3", "ticket:t-3"]));

        Assert.Equal(BlastRadiusCsv.Header.Split(',').Length, row.Split(',').Length);
        Assert.Equal("7,2026-11-01T09:00:00.123Z,support,run-1,corr-1,rel-1,issue_refund,executed,refund-1,40.000001,USD,customer:c-3 ticket:t-3", row);
    }

    [Theory]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=HYPERLINK(1)", "'=HYPERLINK(1)")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    public void Row_QuotesFieldsThatWouldBreakTheCsv_OrRunInASpreadsheet(string key, string expected) =>
        Assert.Contains("," + expected + ",", BlastRadiusCsv.Row(Action(key)), StringComparison.Ordinal);

    private static ActionRecord Action(string key, IReadOnlyList<string>? entities = null)
    {
        using var arguments = JsonDocument.Parse("{}");
        return new ActionRecord(
            7, "support", key, "issue_refund", arguments.RootElement.Clone(), "digest", ActionOutcome.Executed, "run-1", null,
            entities ?? [], 40.000001m, "USD", "corr-1", "rel-1", new DateTimeOffset(2026, 11, 1, 9, 0, 0, 123, TimeSpan.Zero), "hash");
    }
}
