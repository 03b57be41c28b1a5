using System.Security.Cryptography;
using System.Text;
using Firebreak.Ledger;

namespace Firebreak.Core.Tests.Ledger;

public sealed class LedgerChainTests
{
    public static TheoryData<string?, string?, string> Fields => new()
    {
        { "run-1", "support", """{"n":1}""" },
        { null, null, "{}" },
        { "run-é", "agënt", """{"note":"café ☕ 𝄞"}""" },
        { "run-2", "support", $$"""{"big":"{{new string('x', 5000)}}"}""" },
        { "run-3", "support", $$"""{"big":"{{string.Concat(Enumerable.Repeat("ü𝄞", 700))}}"}""" },
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public void ComputeHash_IsTheSha256OfTheFieldsJoinedByNewlines(string? runId, string? agentId, string payload)
    {
        const string prev = "ab12000000000000000000000000000000000000000000000000000000000000";
        var text = string.Join('\n', prev, "123456789", "action", runId ?? string.Empty, agentId ?? string.Empty, "1700000000123", payload);
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

        Assert.Equal(expected, LedgerChain.ComputeHash(prev, 123_456_789, "action", runId, agentId, 1_700_000_000_123, payload));
    }
}
