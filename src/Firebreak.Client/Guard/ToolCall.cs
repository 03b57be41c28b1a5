using System.Text.Json;

namespace Firebreak.Client;

/// <summary>One call of a tool, as <see cref="AgentGuard.ExecuteAsync{T}"/> decides and records it.</summary>
/// <param name="Tool">The tool's registered name.</param>
/// <param name="Arguments">The exact arguments; approvals bind to their canonical digest.</param>
/// <param name="IdempotencyKey">Unique per agent and logical call: a retry of the same call must reuse it, so the action executes once.</param>
public sealed record ToolCall(string Tool, JsonElement Arguments, string IdempotencyKey)
{
    /// <summary>The run making the call, if any.</summary>
    public string? RunId { get; init; }

    /// <summary>The release the run runs on, recorded with the action.</summary>
    public string? ReleaseId { get; init; }

    /// <summary>The correlation id tying the call to its conversation or request, if any.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>Things the call touches (<c>ticket:812</c>); when <see langword="null"/>, the tool's mapper in <see cref="AgentGuardOptions.ActionDetails"/> supplies them.</summary>
    public IReadOnlyList<string>? Entities { get; init; }

    /// <summary>The amount at stake; when <see langword="null"/>, the tool's mapper supplies it.</summary>
    public decimal? Amount { get; init; }

    /// <summary>The currency of <see cref="Amount"/>.</summary>
    public string? Currency { get; init; }
}
