using System.Text.Json;

namespace Firebreak.Client;

/// <summary>
/// What <see cref="AgentGuard.ExecuteAsync{T}"/> produced: the effect's value, or, in shadow mode, a simulated result
/// the effect never saw. Shadowing cannot make up a <typeparamref name="T"/>, so the two are kept apart rather than
/// forcing every caller to write a typed fake per tool.
/// </summary>
/// <typeparam name="T">The effect's result type.</typeparam>
public readonly record struct GuardedResult<T>
{
    internal GuardedResult(T? value, bool shadowed, JsonElement simulatedResult)
    {
        Value = value;
        IsShadowed = shadowed;
        SimulatedResult = simulatedResult;
    }

    /// <summary>Whether the effect was skipped because the tool is in shadow mode.</summary>
    public bool IsShadowed { get; }

    /// <summary>The effect's result; <see langword="default"/> when <see cref="IsShadowed"/>.</summary>
    public T? Value { get; }

    /// <summary>The simulated result recorded instead (see <see cref="AgentGuardOptions.ShadowResults"/>); undefined unless <see cref="IsShadowed"/>.</summary>
    public JsonElement SimulatedResult { get; }
}
