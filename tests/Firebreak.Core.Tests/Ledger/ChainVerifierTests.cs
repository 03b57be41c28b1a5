using Firebreak.Ledger;

namespace Firebreak.Core.Tests.Ledger;

public sealed class ChainVerifierTests
{
    private static List<LedgerEntry> Chain(int count, long firstSeq = 1, string? prev = null)
    {
        var entries = new List<LedgerEntry>();
        var prevHash = prev ?? LedgerChain.Genesis;
        for (var seq = firstSeq; seq < firstSeq + count; seq++)
        {
            var payload = $$"""{"n":{{seq}}}""";
            var hash = LedgerChain.ComputeHash(prevHash, seq, "action", "run-1", "support", 1_700_000_000_000 + seq, payload);
            entries.Add(new LedgerEntry(seq, "action", "run-1", "support", 1_700_000_000_000 + seq, payload, prevHash, hash));
            prevHash = hash;
        }

        return entries;
    }

    private static LedgerVerification Verify(IEnumerable<LedgerEntry> entries, long headSeq, string headHash, long? checkpointSeq = null, string? checkpointHash = null)
    {
        var verifier = new ChainVerifier(checkpointSeq, checkpointHash);
        foreach (var entry in entries)
        {
            if (!verifier.Accept(entry))
            {
                break;
            }
        }

        verifier.AcceptHead(headSeq, headHash);
        return verifier.Result();
    }

    [Fact]
    public void AnIntactChain_Verifies()
    {
        var chain = Chain(5);

        var result = Verify(chain, 5, chain[^1].Hash);

        Assert.True(result.Valid);
        Assert.Equal(5, result.EntriesChecked);
        Assert.Null(result.FirstBrokenSeq);
    }

    [Fact]
    public void AnEmptyLedger_Verifies()
    {
        Assert.True(Verify([], 0, LedgerChain.Genesis).Valid);
    }

    [Fact]
    public void ChangedContent_BreaksThatEntry()
    {
        var chain = Chain(5);
        chain[2] = chain[2] with { Payload = """{"n":999}""" };

        var result = Verify(chain, 5, chain[^1].Hash);

        Assert.Equal(3, result.FirstBrokenSeq);
        Assert.Contains("content", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ARemovedEntry_BreaksTheNextLink()
    {
        var chain = Chain(5);
        chain.RemoveAt(1);

        Assert.Equal(3, Verify(chain, 5, chain[^1].Hash).FirstBrokenSeq);
    }

    [Fact]
    public void ARehashedEntry_BreaksTheFollowingLink()
    {
        var chain = Chain(5);
        var forged = chain[1] with { Payload = """{"n":"forged"}""" };
        chain[1] = forged with { Hash = LedgerChain.ComputeHash(forged) };

        Assert.Equal(3, Verify(chain, 5, chain[^1].Hash).FirstBrokenSeq);
    }

    [Fact]
    public void TruncatedEntries_AreCaughtByTheHead()
    {
        var chain = Chain(5);

        var result = Verify(chain.Take(3), 5, chain[^1].Hash);

        Assert.False(result.Valid);
        Assert.Equal(4, result.FirstBrokenSeq);
    }

    [Fact]
    public void AChainAfterPruning_VerifiesFromItsCheckpoint()
    {
        var chain = Chain(10);
        var remaining = chain.Skip(4).ToList();

        var fromCheckpoint = Verify(remaining, 10, chain[^1].Hash, checkpointSeq: 4, checkpointHash: chain[3].Hash);
        var fromGenesis = Verify(remaining, 10, chain[^1].Hash);

        Assert.True(fromCheckpoint.Valid);
        Assert.Equal(4, fromCheckpoint.CheckpointSeq);
        Assert.Equal(6, fromCheckpoint.EntriesChecked);
        Assert.False(fromGenesis.Valid);
    }

    [Fact]
    public void TheHashCoversEveryField()
    {
        var entry = Chain(1)[0];
        var variants = new[]
        {
            entry with { Seq = 2 },
            entry with { Kind = "step" },
            entry with { RunId = "run-2" },
            entry with { AgentId = "billing" },
            entry with { RecordedAtMs = entry.RecordedAtMs + 1 },
            entry with { Payload = "{}" },
            entry with { PrevHash = new string('1', 64) },
        };

        Assert.All(variants, v => Assert.NotEqual(entry.Hash, LedgerChain.ComputeHash(v)));
    }
}
