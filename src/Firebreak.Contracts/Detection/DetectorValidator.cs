using Firebreak.Ledger;
using Firebreak.Registry;
using Firebreak.Validation;

namespace Firebreak.Detection;

/// <summary>Checks an agent's detectors before the agent enters the registry.</summary>
public static class DetectorValidator
{
    public const int MaxDetectors = 64;

    public const double MaxWindowSeconds = 86_400;

    public const int MaxSamples = 100_000;

    public static void Validate(AgentDefinition agent, IReadOnlyList<DetectorDefinition> detectors, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(detectors);
        ArgumentNullException.ThrowIfNull(errors);
        if (detectors.Count > MaxDetectors)
        {
            errors.Add("detectors", $"must hold at most {MaxDetectors} detectors");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < detectors.Count; i++)
        {
            var field = $"detectors[{i}]";
            if (detectors[i] is not { } detector)
            {
                errors.Add(field, "must not be null");
                continue;
            }

            if (!AgentValidator.IsSlug(detector.Name))
            {
                errors.Add($"{field}.name", "must be a slug: lower-case letters, digits and single dashes, 2 to 64 characters");
            }
            else if (!names.Add(detector.Name))
            {
                errors.Add($"{field}.name", $"'{detector.Name}' is declared twice");
            }

            if (!Enum.IsDefined(detector.Kind))
            {
                errors.Add($"{field}.kind", "is not a detector kind");
                continue;
            }

            ValidateNumbers(detector, field, errors);
            ValidateKind(agent, detector, field, errors);
        }
    }

    private static void ValidateNumbers(DetectorDefinition detector, string field, ValidationErrors errors)
    {
        if (!Enum.IsDefined(detector.Severity))
        {
            errors.Add($"{field}.severity", "is not a severity");
        }

        if (detector.Threshold < 0)
        {
            errors.Add($"{field}.threshold", "must be zero or more");
        }

        if (!(detector.WindowSeconds is > 0 and <= MaxWindowSeconds))
        {
            errors.Add($"{field}.windowSeconds", $"must be more than 0 and at most {MaxWindowSeconds}");
        }

        if (detector.MinSamples is < 1 or > MaxSamples)
        {
            errors.Add($"{field}.minSamples", $"must be between 1 and {MaxSamples}");
        }

        if (detector.StrictFactor is <= 0 or > 1)
        {
            errors.Add($"{field}.strictFactor", "must be more than 0 and at most 1");
        }

        if (detector.Baseline is < 0)
        {
            errors.Add($"{field}.baseline", "must be zero or more");
        }
    }

    private static void ValidateKind(AgentDefinition agent, DetectorDefinition detector, string field, ValidationErrors errors)
    {
        if (DetectorKinds.NeedsBaseline(detector.Kind) && detector.Baseline is null)
        {
            errors.Add($"{field}.baseline", "is required for this kind");
        }

        if (DetectorKinds.NeedsTool(detector.Kind) && detector.Tool is null)
        {
            errors.Add($"{field}.tool", "is required for this kind");
        }

        if (detector.Tool is { } tool && detector.Kind != DetectorKind.UnknownTool && agent.FindTool(tool) is null)
        {
            errors.Add($"{field}.tool", $"'{tool}' is not in the agent's catalog");
        }

        if (detector.Kind == DetectorKind.UnknownTool && detector.Tool is not null)
        {
            errors.Add($"{field}.tool", "does not apply to unknown-tool");
        }

        if (detector.Measure is { } measure && !DetectorKinds.MeasuresOf(detector.Kind).Contains(measure))
        {
            errors.Add($"{field}.measure", DetectorKinds.MeasuresOf(detector.Kind).Count == 0
                ? "does not apply to this kind"
                : "is not a measure of this kind");
        }

        if (detector.EntityType is { } type && (detector.Kind != DetectorKind.RepeatCustomer || !EntityRef.TryParse($"{type}:x", out var parsed) || parsed.Type != type))
        {
            errors.Add($"{field}.entityType", "applies to repeat-customer only and must be an entity type (lower-case letters, digits, '_' or '-')");
        }
    }
}
