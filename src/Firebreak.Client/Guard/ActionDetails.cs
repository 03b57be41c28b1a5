namespace Firebreak.Client;

/// <summary>What a tool call touches, extracted from its arguments for the ledger and blast radius.</summary>
/// <param name="Entities">Entity references such as <c>customer:47</c>.</param>
/// <param name="Amount">The amount at stake, if any.</param>
/// <param name="Currency">The currency of <paramref name="Amount"/>.</param>
public sealed record ActionDetails(IReadOnlyList<string>? Entities = null, decimal? Amount = null, string? Currency = null)
{
    /// <summary>Nothing known.</summary>
    public static ActionDetails None { get; } = new();
}
