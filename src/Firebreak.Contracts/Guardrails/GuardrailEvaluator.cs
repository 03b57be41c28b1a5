using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Firebreak.Guardrails;

/// <summary>
/// An agent's <see cref="GuardrailPolicy"/>, compiled once (rules parsed, tool lists indexed), and the checks the
/// SDK guard and the MCP gateway run with it: arguments before a call, results after, retrieved content before the
/// model reads it. Pure and thread-safe; a check that finds nothing returns <see cref="GuardrailOutcome.Clean"/>.
/// </summary>
/// <remarks>
/// The strict policy level (<see cref="Control.ControlSnapshot.IsStrict"/>) turns every flag into a block and lets a
/// single weak injection signal fire (normally one strong or two weak are needed). Approval cannot hold content that
/// already exists, so on results and retrieved content it blocks.
/// </remarks>
public sealed class GuardrailEvaluator
{
    private const int MaxExcerpt = 120;

    private readonly FrozenDictionary<string, (ArgumentRuleDefinition Definition, ArgumentRule Rule)[]> _rules;
    private readonly FrozenSet<string>? _piiTools;
    private readonly IReadOnlyCollection<PiiKind>? _piiKinds;

    private GuardrailEvaluator(GuardrailPolicy? policy)
    {
        Policy = policy;
        _rules = (policy?.Rules ?? [])
            .GroupBy(r => r.Tool, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(r => (r, ArgumentRule.Parse(r.Rule))).ToArray(), StringComparer.Ordinal);
        _piiTools = policy?.Pii?.Tools?.ToFrozenSet(StringComparer.Ordinal);
        _piiKinds = policy?.Pii?.Kinds is { Count: > 0 } kinds ? [.. kinds.Distinct()] : null;
    }

    /// <summary>No guardrails: every check is clean.</summary>
    public static GuardrailEvaluator None { get; } = new(null);

    /// <summary>The policy compiled.</summary>
    public GuardrailPolicy? Policy { get; }

    /// <summary>Whether recorded arguments, results and retrieved content have their personal data redacted.</summary>
    public bool RedactTraces => Policy?.RedactTraces ?? false;

    /// <summary>Whether <see cref="CheckResult"/> can find anything, so a caller can skip serialising results when it cannot.</summary>
    public bool ChecksResults => Policy?.Injection?.Results is not null || Policy?.Pii is { Results: true };

    /// <summary>Compiles <paramref name="policy"/>; <see cref="None"/> for <see langword="null"/>.</summary>
    /// <exception cref="FormatException">A rule does not parse (the registry validates rules, so a registered policy compiles).</exception>
    public static GuardrailEvaluator Compile(GuardrailPolicy? policy) => policy is null ? None : new GuardrailEvaluator(policy);

    /// <summary>Checks a call's arguments before it runs: argument rules, injection in inputs, personal data in arguments.</summary>
    public GuardrailOutcome CheckArguments(string tool, JsonElement arguments, bool strict)
    {
        ArgumentNullException.ThrowIfNull(tool);
        if (Policy is null)
        {
            return GuardrailOutcome.Clean;
        }

        List<GuardrailHit>? hits = null;
        if (_rules.TryGetValue(tool, out var rules))
        {
            foreach (var (definition, rule) in rules)
            {
                if (rule.Check(arguments) is { } broken)
                {
                    Add(ref hits, definition.EffectiveName, GuardrailCategory.Policy, definition.Action, strict, GuardrailStage.Arguments, broken, tool, null, strictLowered: false);
                }
            }
        }

        if (Policy.Injection?.Inputs is { } injection)
        {
            hits = ScanInjection(hits, arguments, injection, strict, GuardrailStage.Arguments, tool);
        }

        if (Policy.Pii is { Arguments: true } pii && AppliesTo(tool))
        {
            hits = ScanPii(hits, arguments, pii.Action, strict, GuardrailStage.Arguments, tool);
        }

        return GuardrailOutcome.Of(hits);
    }

    /// <summary>Checks a call's result before the model reads it: injection in results, personal data in results.</summary>
    public GuardrailOutcome CheckResult(string tool, JsonElement result, bool strict)
    {
        ArgumentNullException.ThrowIfNull(tool);
        if (Policy is null)
        {
            return GuardrailOutcome.Clean;
        }

        List<GuardrailHit>? hits = null;
        if (Policy.Injection?.Results is { } injection)
        {
            hits = ScanInjection(hits, result, injection, strict, GuardrailStage.Result, tool);
        }

        if (Policy.Pii is { Results: true } pii && AppliesTo(tool))
        {
            hits = ScanPii(hits, result, pii.Action, strict, GuardrailStage.Result, tool);
        }

        return GuardrailOutcome.Of(hits);
    }

    /// <summary>Checks a retrieved document before the model reads it: injection in retrieved content.</summary>
    public GuardrailOutcome CheckRetrieved(string sourceId, string content, bool strict)
    {
        ArgumentNullException.ThrowIfNull(sourceId);
        ArgumentNullException.ThrowIfNull(content);
        if (Policy?.Injection?.Retrieved is not { } injection)
        {
            return GuardrailOutcome.Clean;
        }

        List<GuardrailHit>? hits = null;
        ScanText(ref hits, content, null, injection, strict, GuardrailStage.Retrieved, null, sourceId);
        return GuardrailOutcome.Of(hits);
    }

    /// <summary><paramref name="value"/> with personal data redacted in every string, when <see cref="RedactTraces"/>; otherwise unchanged.</summary>
    public JsonElement RedactForTrace(JsonElement value)
    {
        if (!RedactTraces || !HasPii(value))
        {
            return value;
        }

        var node = JsonNode.Parse(value.GetRawText());
        return JsonSerializer.SerializeToElement(RedactNode(node));
    }

    /// <summary><paramref name="text"/> with personal data redacted, when <see cref="RedactTraces"/>; otherwise unchanged.</summary>
    public string RedactForTrace(string text) => RedactTraces ? PiiScanner.Redact(text) : text;

    private bool AppliesTo(string tool) => _piiTools is null || _piiTools.Contains(tool);

    private static List<GuardrailHit>? ScanInjection(List<GuardrailHit>? hits, JsonElement value, GuardrailAction action, bool strict, GuardrailStage stage, string tool)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                ScanText(ref hits, value.GetString()!, null, action, strict, stage, tool, null);
                break;
            case JsonValueKind.Object or JsonValueKind.Array:
                var found = hits;
                WalkStrings(value, [], numbers: false, (text, at) => ScanText(ref found, text, at, action, strict, stage, tool, null));
                hits = found;
                break;
            default:
                break;
        }

        return hits;
    }

    private static void ScanText(ref List<GuardrailHit>? hits, string text, string? path, GuardrailAction action, bool strict, GuardrailStage stage, string? tool, string? sourceId)
    {
        var signals = InjectionScanner.Scan(text);
        if (!InjectionScanner.IsInjection(signals, strict))
        {
            return;
        }

        var lowered = strict && !InjectionScanner.IsInjection(signals, strict: false);
        var excerpt = PiiScanner.Redact(text.Length > MaxExcerpt * 4 ? text[..(MaxExcerpt * 4)] : text).ReplaceLineEndings(" ");
        if (excerpt.Length > MaxExcerpt)
        {
            excerpt = $"{excerpt[..MaxExcerpt]}…";
        }

        var where = path is null ? string.Empty : $" in {path}";
        var detail = $"{string.Join(", ", signals.Select(s => s.Pattern))}{where}";
        Add(ref hits, "injection", GuardrailCategory.Injection, action, strict, stage, detail, tool, sourceId, lowered, excerpt);
    }

    private List<GuardrailHit>? ScanPii(List<GuardrailHit>? hits, JsonElement value, GuardrailAction action, bool strict, GuardrailStage stage, string tool)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var kinds = _piiKinds;
        if (value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
        {
            AddKinds(found, value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText(), null, kinds);
        }
        else
        {
            WalkStrings(value, [], numbers: true, (text, at) => AddKinds(found, text, at, kinds));
        }

        if (found.Count > 0)
        {
            Add(ref hits, "pii", GuardrailCategory.Pii, action, strict, stage, string.Join(", ", found), tool, null, strictLowered: false);
        }

        return hits;
    }

    private static void AddKinds(SortedSet<string> found, string text, string? path, IReadOnlyCollection<PiiKind>? kinds)
    {
        foreach (var match in PiiScanner.Find(text, kinds))
        {
            found.Add(path is null ? PiiScanner.KindName(match.Kind) : $"{PiiScanner.KindName(match.Kind)} in {path}");
        }
    }

    private delegate void TextVisitor(string text, string path);

    // Strings, and numbers when asked (a card number may be a JSON number), are visited; the path is joined only for the visitor.
    private static void WalkStrings(JsonElement value, List<string> path, bool numbers, TextVisitor visit)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    path.Add(property.Name);
                    WalkStrings(property.Value, path, numbers, visit);
                    path.RemoveAt(path.Count - 1);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    path.Add($"[{index++}]");
                    WalkStrings(item, path, numbers, visit);
                    path.RemoveAt(path.Count - 1);
                }

                break;
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (text.Length > 0)
                {
                    visit(text, JoinPath(path));
                }

                break;
            case JsonValueKind.Number when numbers:
                visit(value.GetRawText(), JoinPath(path));
                break;
            default:
                break;
        }
    }

    private static string JoinPath(List<string> path) => string.Join('.', path).Replace(".[", "[", StringComparison.Ordinal);

    private static void Add(
        ref List<GuardrailHit>? hits,
        string guardrail,
        GuardrailCategory category,
        GuardrailAction action,
        bool strict,
        GuardrailStage stage,
        string detail,
        string? tool,
        string? sourceId,
        bool strictLowered,
        string? excerpt = null)
    {
        var verdict = action;
        if (stage != GuardrailStage.Arguments && verdict == GuardrailAction.Approval)
        {
            verdict = GuardrailAction.Block;
        }

        var raised = strict && verdict == GuardrailAction.Flag;
        if (raised)
        {
            verdict = GuardrailAction.Block;
        }

        (hits ??= []).Add(new GuardrailHit(guardrail, category, verdict, stage, detail, tool, sourceId, raised || strictLowered, excerpt));
    }

    // A string longer than the scanner reads is redacted too: its unscanned rest must not reach a trace.
    private static bool HasPii(JsonElement value)
    {
        var any = false;
        if (value.ValueKind is JsonValueKind.String)
        {
            return NeedsRedaction(value.GetString()!);
        }

        WalkStrings(value, [], numbers: true, (text, _) => any = any || NeedsRedaction(text));
        return any;
    }

    private static bool NeedsRedaction(string text) => text.Length > PiiScanner.MaxScannedLength || PiiScanner.Contains(text);

    // A new tree: nodes of the parsed one keep their parents, so they are copied rather than moved.
    private static JsonNode? RedactNode(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, RedactNode(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(RedactNode)]),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => JsonValue.Create(PiiScanner.Redact(value.GetValue<string>())),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number && PiiScanner.Contains(value.ToJsonString()) => JsonValue.Create(PiiScanner.Redact(value.ToJsonString())),
        _ => node?.DeepClone(),
    };
}
