using Firebreak.Registry;
using Firebreak.Validation;

namespace Firebreak.Releases;

/// <summary>Checks a release request before anything is stored.</summary>
internal static class ReleaseValidator
{
    public const int MaxNameLength = 200;
    public const int MaxPromptLength = 100_000;
    public const int MaxPrompts = 32;
    public const int MaxNotesLength = 4000;

    public static ValidationErrors Validate(CreateReleaseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        if (!AgentValidator.IsSlug(request.AgentId))
        {
            errors.Add("agentId", "must be an agent id (slug)");
        }

        if (request.Model is null)
        {
            errors.Add("model", "is required");
        }
        else
        {
            errors.Required("model.id", request.Model.Id, MaxNameLength);
            errors.Required("model.provider", request.Model.Provider, MaxNameLength);
        }

        if (request.Prompts is null || request.Prompts.Count == 0)
        {
            errors.Add("prompts", "needs at least one prompt template");
        }
        else if (request.Prompts.Count > MaxPrompts)
        {
            errors.Add("prompts", $"must hold at most {MaxPrompts} templates");
        }
        else
        {
            foreach (var (name, text) in request.Prompts)
            {
                errors.Required($"prompts.{name}", name, MaxNameLength);
                errors.Required($"prompts.{name}", text, MaxPromptLength);
            }
        }

        errors.MaxLength("notes", request.Notes, MaxNotesLength);
        if (request.Parent is not null && !IsReleaseId(request.Parent))
        {
            errors.Add("parent", "must be a release id (64 lower-case hex characters)");
        }

        return errors;
    }

    /// <summary>Whether <paramref name="value"/> is a whole release id.</summary>
    public static bool IsReleaseId(string? value) => value is { Length: 64 } && IsHex(value);

    /// <summary>Whether <paramref name="value"/> may name a release: its id or a prefix of at least 8 characters.</summary>
    public static bool IsReleaseIdOrPrefix(string? value) => value is { Length: >= 8 and <= 64 } && IsHex(value);

    private static bool IsHex(string value) => value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
