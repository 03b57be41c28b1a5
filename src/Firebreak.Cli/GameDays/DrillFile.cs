using System.Globalization;
using Firebreak.Cli.Commands;
using Firebreak.GameDays;
using Firebreak.Incidents;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Firebreak.Cli.GameDays;

/// <summary>
/// A drill file (<c>gamedays.yaml</c>): the failure-injecting drills an application ships for <c>firebreak gameday</c>,
/// with the release they start from. The format is in docs/gamedays.md; every error is one line naming the file, the
/// scenario and the field.
/// </summary>
/// <param name="BaselineRelease">The release file every drill prepares the agent on and restores it to (<c>good.yaml</c>).</param>
/// <param name="Drills">The drills, in file order.</param>
internal sealed record DrillFile(string BaselineRelease, IReadOnlyList<Drill> Drills)
{
    private static readonly string[] TopFields = ["baseline_release", "scenarios"];
    private static readonly string[] ScenarioFields = ["name", "title", "description", "failure_class", "injection", "release", "wrong_action", "bounds", "document"];
    private static readonly string[] RuleFields = ["tool", "argument", "value", "allowed_repeats"];
    private static readonly string[] BoundsFields = ["max_wrong_actions", "containment", "detection", "automatic_containment"];
    private static readonly string[] DocumentFields = ["source", "title", "text", "topics"];

    /// <summary>The drill named <paramref name="name"/>, or <see langword="null"/>.</summary>
    public Drill? Find(string name) => Drills.FirstOrDefault(d => string.Equals(d.Scenario.Name, name, StringComparison.Ordinal));

    /// <summary>Reads and validates the drill file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file cannot be read or is not a valid drill file; the message says where and why.</exception>
    public static DrillFile Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read the drill file: {e.Message}", e);
        }

        return Parse(text, path);
    }

    /// <summary>Parses and validates a drill file; <paramref name="name"/> prefixes every error.</summary>
    /// <exception cref="InvalidDataException">The text is not a valid drill file; the message says where and why.</exception>
    public static DrillFile Parse(string text, string name)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(text);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{name}: not valid YAML: {e.Message}", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidDataException($"{name}: must hold one mapping with baseline_release and scenarios");
        }

        var top = new Fields(root, name, TopFields);
        var baseline = top.RequiredString("baseline_release");
        if (top.Node("scenarios") is not YamlSequenceNode { Children.Count: > 0 } list)
        {
            throw new InvalidDataException($"{name}: scenarios must be a list of at least one scenario");
        }

        var drills = new List<Drill>(list.Children.Count);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var drill = ParseScenario(list.Children[i], name, i + 1, baseline);
            if (OperatorDrills.Find(drill.Scenario.Name) is not null || drills.Any(d => d.Scenario.Name == drill.Scenario.Name))
            {
                throw new InvalidDataException($"{name}: scenario '{drill.Scenario.Name}': name is taken by {(OperatorDrills.Find(drill.Scenario.Name) is null ? "an earlier scenario" : "a built-in operator drill")}");
            }

            drills.Add(drill);
        }

        return new DrillFile(baseline, drills);
    }

    private static Drill ParseScenario(YamlNode node, string file, int position, string baseline)
    {
        if (node is not YamlMappingNode mapping)
        {
            throw new InvalidDataException($"{file}: scenario {position} must be a mapping");
        }

        var named = new Fields(mapping, $"{file}: scenario {position}", ScenarioFields).RequiredString("name");
        if (!IsSlug(named))
        {
            throw new InvalidDataException($"{file}: scenario {position}: name must be lower-case letters, digits and '-' (e.g. refund-storm), not '{named}'");
        }

        var fields = new Fields(mapping, $"{file}: scenario '{named}'", ScenarioFields);
        var failureText = fields.RequiredString("failure_class");
        if (!FailureClassNames.TryParse(failureText, out var failureClass))
        {
            throw fields.Invalid("failure_class", $"must be one of {string.Join(", ", FailureClassNames.All)}");
        }

        var injection = fields.RequiredString("injection") switch
        {
            "activate_release" => GameDayInjection.ActivateRelease,
            "plant_document" => GameDayInjection.PlantDocument,
            _ => throw fields.Invalid("injection", "must be activate_release or plant_document (kill-switch and rollback are built in)"),
        };
        var release = fields.OptionalString("release");
        if ((injection == GameDayInjection.ActivateRelease) != (release is not null))
        {
            throw fields.Invalid("release", injection == GameDayInjection.ActivateRelease ? "is required for activate_release" : "is only for activate_release");
        }

        var document = ParseDocument(fields, injection);
        var scenario = new GameDayScenario(
            named,
            fields.RequiredString("title"),
            fields.RequiredString("description"),
            failureClass,
            injection,
            release,
            ParseRule(fields.Nested("wrong_action", RuleFields)),
            ParseBounds(fields.Nested("bounds", BoundsFields)));
        return new Drill(scenario, baseline, document);
    }

    private static DrillDocument? ParseDocument(Fields scenario, GameDayInjection injection)
    {
        if (injection != GameDayInjection.PlantDocument)
        {
            return scenario.Node("document") is null ? null : throw scenario.Invalid("document", "is only for plant_document");
        }

        var fields = scenario.Nested("document", DocumentFields);
        if (fields.Node("topics") is not YamlSequenceNode { Children.Count: > 0 } topics
            || topics.Children.Any(t => t is not YamlScalarNode { Value: { Length: > 0 } value } || string.IsNullOrWhiteSpace(value)))
        {
            throw fields.Invalid("topics", "must be a list of at least one non-empty topic");
        }

        return new DrillDocument(
            fields.RequiredString("source"),
            fields.RequiredString("title"),
            fields.RequiredString("text"),
            [.. topics.Children.Select(t => ((YamlScalarNode)t).Value!)]);
    }

    private static WrongActionRule ParseRule(Fields fields)
    {
        var tool = fields.RequiredString("tool");
        var argument = fields.OptionalString("argument");
        var value = fields.OptionalString("value");
        var repeats = fields.OptionalInt("allowed_repeats");
        if ((argument is null) != (value is null))
        {
            throw fields.Invalid(argument is null ? "argument" : "value", "argument and value go together");
        }

        if (repeats is not null && argument is not null)
        {
            throw fields.Invalid("allowed_repeats", "counts repeats of every call of the tool and does not go with argument and value");
        }

        return repeats is < 0 ? throw fields.Invalid("allowed_repeats", "must not be negative") : new WrongActionRule(tool, argument, value, repeats);
    }

    private static GameDayBounds ParseBounds(Fields fields)
    {
        var wrong = fields.OptionalInt("max_wrong_actions") ?? throw fields.Invalid("max_wrong_actions", "is required");
        if (wrong < 0)
        {
            throw fields.Invalid("max_wrong_actions", "must not be negative");
        }

        return new GameDayBounds(
            wrong,
            fields.RequiredDuration("containment"),
            fields.RequiredDuration("detection"),
            fields.OptionalBool("automatic_containment") ?? true);
    }

    private static bool IsSlug(string name) =>
        name.Length <= 64 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') && char.IsAsciiLetterLower(name[0]);

    /// <summary>The fields of one mapping, read with errors that name <c>where</c> and the field's dotted path.</summary>
    private sealed class Fields
    {
        private readonly YamlMappingNode _mapping;
        private readonly string _where;
        private readonly string _path;

        public Fields(YamlMappingNode mapping, string where, string[] known, string path = "")
        {
            _mapping = mapping;
            _where = where;
            _path = path;
            foreach (var key in mapping.Children.Keys)
            {
                var keyName = (key as YamlScalarNode)?.Value ?? key.ToString();
                if (!known.Contains(keyName, StringComparer.Ordinal))
                {
                    throw new InvalidDataException($"{where}: unknown field {path}{keyName} (known: {string.Join(", ", known)})");
                }
            }
        }

        public YamlNode? Node(string field) => _mapping.Children.TryGetValue(new YamlScalarNode(field), out var node) ? node : null;

        public Fields Nested(string field, string[] known) => Node(field) is YamlMappingNode nested
            ? new Fields(nested, _where, known, $"{_path}{field}.")
            : throw Invalid(field, "must be a mapping");

        public string RequiredString(string field) => OptionalString(field) ?? throw Invalid(field, "is required");

        public string? OptionalString(string field) => Node(field) switch
        {
            null => null,
            YamlScalarNode { Value: { } value } when !string.IsNullOrWhiteSpace(value) => value,
            _ => throw Invalid(field, "must be a non-empty string"),
        };

        public int? OptionalInt(string field) => OptionalString(field) is not { } text
            ? null
            : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid(field, "must be a whole number");

        public bool? OptionalBool(string field) => OptionalString(field) switch
        {
            null => null,
            "true" => true,
            "false" => false,
            _ => throw Invalid(field, "must be true or false"),
        };

        public TimeSpan RequiredDuration(string field) =>
            Node(field) is YamlScalarNode { Value: { } text } && DurationOption.TryParse(text, out var duration)
                ? duration
                : throw Invalid(field, "must be a positive duration (2s, 1.5m or hh:mm:ss)");

        public InvalidDataException Invalid(string field, string problem) => new($"{_where}: {_path}{field} {problem}");
    }
}
