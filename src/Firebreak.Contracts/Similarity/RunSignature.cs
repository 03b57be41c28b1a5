using System.Security.Cryptography;
using System.Text.Json;
using Firebreak.Incidents;
using Firebreak.Ledger;

namespace Firebreak.Similarity;

/// <summary>
/// The shape of one run, for finding runs that failed the same way: the agent, the tools it called in order
/// (consecutive repeats collapsed), the argument shapes (keys and JSON types, never values), the failure class the trace
/// shows, the guardrails that fired and the outcome. Distinct from the incidents' failure signature, which groups
/// incidents for recurrence by agent, class and tool: a run signature is much finer and is computed from a trace.
/// The server builds one from a run's trace; lists are already normalized (shapes and guardrails sorted ordinally).
/// </summary>
/// <param name="AgentId">The agent's slug.</param>
/// <param name="Tools">The tools called, in order, consecutive repeats collapsed, at most <see cref="MaxTools"/>; a longer sequence ends with <see cref="TruncatedMarker"/>.</param>
/// <param name="Shapes">The argument shapes, <c>tool $.path:type</c>, sorted, at most <see cref="MaxShapes"/>.</param>
/// <param name="FailureClass">The failure the trace shows; <see langword="null"/> when it shows none.</param>
/// <param name="Guardrails">The guardrails that fired, <c>guardrail/category/verdict</c>, sorted and distinct.</param>
/// <param name="Outcome">How the run ended.</param>
public sealed record RunSignature(
    string AgentId,
    IReadOnlyList<string> Tools,
    IReadOnlyList<string> Shapes,
    FailureClass? FailureClass,
    IReadOnlyList<string> Guardrails,
    RunStatus Outcome)
{
    /// <summary>The version of the canonical encoding; it prefixes every <see cref="Hash"/>, so a change of encoding is visible in the hashes.</summary>
    public const int Version = 1;

    /// <summary>The longest tool sequence kept; a longer one is cut and ends with <see cref="TruncatedMarker"/>.</summary>
    public const int MaxTools = 32;

    /// <summary>The most argument shapes kept (the ordinally first ones).</summary>
    public const int MaxShapes = 256;

    /// <summary>The last element of a tool sequence cut at <see cref="MaxTools"/>.</summary>
    public const string TruncatedMarker = "...";

    private string? _hash;

    /// <summary>A copy for <see langword="with"/>: the cached hash is the original's, so it is not copied.</summary>
    private RunSignature(RunSignature original)
    {
        AgentId = original.AgentId;
        Tools = original.Tools;
        Shapes = original.Shapes;
        FailureClass = original.FailureClass;
        Guardrails = original.Guardrails;
        Outcome = original.Outcome;
    }

    /// <summary>
    /// <c>v1:</c> followed by the lower-case hex SHA-256 of <see cref="Canonical"/>: equal for equal signatures in any
    /// process, on any machine.
    /// </summary>
    public string Hash => _hash ??= $"v{Version}:{Convert.ToHexStringLower(SHA256.HashData(CanonicalBytes()))}";

    /// <summary>
    /// The canonical encoding that is hashed: compact JSON with members in a fixed order and the version first.
    /// Records compare lists by reference, so equality of signatures is equality of this text.
    /// </summary>
    public string Canonical() => System.Text.Encoding.UTF8.GetString(CanonicalBytes());

    /// <summary>Equal when the canonical encodings are equal.</summary>
    public bool Equals(RunSignature? other) =>
        other is not null && string.Equals(Hash, other.Hash, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Hash);

    /// <summary>Reads a signature back from its <see cref="Canonical"/> encoding.</summary>
    /// <exception cref="FormatException">The text is not a canonical encoding of version <see cref="Version"/>.</exception>
    public static RunSignature Parse(string canonical)
    {
        ArgumentNullException.ThrowIfNull(canonical);
        try
        {
            using var document = JsonDocument.Parse(canonical);
            var root = document.RootElement;
            if (root.GetProperty("v").GetInt32() != Version)
            {
                throw new FormatException($"Run signature version {root.GetProperty("v").GetInt32()} is not {Version}.");
            }

            return new RunSignature(
                root.GetProperty("agent").GetString()!,
                List(root, "tools"),
                List(root, "shapes"),
                root.GetProperty("failureClass").GetString() is { } failureClass ? FailureClassNames.Parse(failureClass) : null,
                List(root, "guardrails"),
                Enum.Parse<RunStatus>(root.GetProperty("outcome").GetString()!.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException("Not a canonical run signature.", e);
        }
    }

    private static string[] List(JsonElement root, string name) => [.. root.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];

    private byte[] CanonicalBytes()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", Version);
            writer.WriteString("agent", AgentId);
            WriteList(writer, "tools", Tools);
            WriteList(writer, "shapes", Shapes);
            if (FailureClass is { } failureClass)
            {
                writer.WriteString("failureClass", FailureClassNames.Format(failureClass));
            }
            else
            {
                writer.WriteNull("failureClass");
            }

            WriteList(writer, "guardrails", Guardrails);
            writer.WriteString("outcome", JsonNamingPolicy.SnakeCaseLower.ConvertName(Outcome.ToString()));
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
