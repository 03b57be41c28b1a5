using System.Text.Json;
using Firebreak.Ledger;
using Firebreak.Serialization;

namespace Firebreak.Core.Tests.Serialization;

public sealed class FirebreakJsonTests
{
    [Fact]
    public void RecordWithNullMembers_RoundTrips_ThoughNullsAreNotWritten()
    {
        var run = new RunRecord("run-1", "support-agent", "conv-1", null, new ReleaseRef(), RunStatus.Running, DateTimeOffset.UnixEpoch, null);

        var json = JsonSerializer.Serialize(run, FirebreakJson.Options);

        Assert.DoesNotContain("endedAt", json, StringComparison.Ordinal);
        Assert.Equal(run, JsonSerializer.Deserialize<RunRecord>(json, FirebreakJson.Options));
    }

    [Fact]
    public void AbsentNonNullableMember_IsStillRefused()
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<LedgerVerification>("""{"entriesChecked":3}""", FirebreakJson.Options));

        Assert.Contains("valid", error.Message, StringComparison.Ordinal);
    }
}
