using System.Text.Json;
using System.Text.RegularExpressions;
using Firebreak.Detection;
using Firebreak.Guardrails;
using Firebreak.Playbooks;
using Firebreak.Validation;

namespace Firebreak.Registry;

/// <summary>Checks an agent definition before it enters the registry.</summary>
public static partial class AgentValidator
{
    public const int MaxTools = 256;

    public const int MaxMcpUpstreams = 16;

    public static ValidationErrors Validate(AgentDefinition agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var errors = new ValidationErrors();
        if (!IsSlug(agent.Id))
        {
            errors.Add("id", "must be a slug: lower-case letters, digits and single dashes, 2 to 64 characters");
        }

        errors.Required("owner", agent.Owner, 200);
        errors.MaxLength("description", agent.Description, 2000);
        if (agent.Tools.Count > MaxTools)
        {
            errors.Add("tools", $"must hold at most {MaxTools} tools");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < agent.Tools.Count; i++)
        {
            var tool = agent.Tools[i];
            var field = $"tools[{i}]";
            if (tool is null)
            {
                errors.Add(field, "must not be null");
                continue;
            }

            if (!IsToolName(tool.Name))
            {
                errors.Add($"{field}.name", "must be 1 to 128 letters, digits, '_', '-' or '.'");
            }
            else if (!seen.Add(tool.Name))
            {
                errors.Add($"{field}.name", $"'{tool.Name}' is declared twice");
            }

            if (!Enum.IsDefined(tool.Risk))
            {
                errors.Add($"{field}.risk", "is not a risk class");
            }

            errors.MaxLength($"{field}.description", tool.Description, 2000);
            if (tool.ArgumentsSchema is { ValueKind: not JsonValueKind.Object })
            {
                errors.Add($"{field}.argumentsSchema", "must be a JSON schema object");
            }

            if (tool.Compensation is { } compensation)
            {
                ValidateCompensation(errors, $"{field}.compensation", compensation);
            }
        }

        if (agent.Memory is { } memory)
        {
            ValidateMemory(errors, memory);
        }

        if (agent.Fallback is { } fallback)
        {
            if (!Enum.IsDefined(fallback.Kind))
            {
                errors.Add("fallback.kind", "is not a fallback kind");
            }
            else if (fallback.Kind == FallbackKind.StaticResponse)
            {
                errors.Required("fallback.message", fallback.Message, 2000);
            }
            else
            {
                errors.MaxLength("fallback.message", fallback.Message, 2000);
            }
        }

        if (agent.Mcp is { } mcp)
        {
            ValidateMcp(mcp, errors);
        }

        if (agent.Detectors is { } detectors)
        {
            DetectorValidator.Validate(agent, detectors, errors);
        }

        if (agent.Guardrails is { } guardrails)
        {
            GuardrailPolicyValidator.Validate(guardrails, errors);
        }

        PlaybookValidator.Validate(agent, errors);

        return errors;
    }

    private static void ValidateCompensation(ValidationErrors errors, string field, ToolCompensation compensation)
    {
        if ((compensation.Http is null ? 0 : 1) + (compensation.Mitigation is null ? 0 : 1) + (compensation.InProcess is null ? 0 : 1) != 1)
        {
            errors.Add(field, "must declare exactly one of http, mitigation or inProcess");
        }

        if (compensation.Http is { } http)
        {
            ValidateHttp(errors, $"{field}.http", http);
        }

        if (compensation.Mitigation is { } mitigation)
        {
            errors.Required($"{field}.mitigation.task", mitigation.Task, 2000);
            errors.Required($"{field}.mitigation.owner", mitigation.Owner, 200);
        }
    }

    private static void ValidateMemory(ValidationErrors errors, AgentMemoryHooks memory)
    {
        if (memory.Purge is null && memory.Quarantine is null)
        {
            errors.Add("memory", "must declare a purge hook, a quarantine hook or both");
        }

        if (memory.Purge is { } purge)
        {
            ValidateHttp(errors, "memory.purge", purge);
        }

        if (memory.Quarantine is { } quarantine)
        {
            ValidateHttp(errors, "memory.quarantine", quarantine);
        }
    }

    private static void ValidateHttp(ValidationErrors errors, string field, HttpCompensator http)
    {
        if (!IsUrlTemplate(http.Url))
        {
            errors.Add($"{field}.url", "must be an http(s) URL or start with {endpoint.<name>}");
        }

        if (http.VerifyUrl is not null && !IsUrlTemplate(http.VerifyUrl))
        {
            errors.Add($"{field}.verifyUrl", "must be an http(s) URL or start with {endpoint.<name>}");
        }

        if ((http.VerifyUrl is null) != (http.VerifyField is null))
        {
            errors.Add($"{field}.verifyField", "is required with verifyUrl, and only with it");
        }
    }

    private static bool IsUrlTemplate(string? url) =>
        url is { Length: > 0 and <= 2000 }
        && (url.StartsWith("{endpoint.", StringComparison.Ordinal)
            || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    public static bool IsSlug(string? value) => value is not null && Slug().IsMatch(value);

    /// <summary>Whether <paramref name="value"/> is a valid tool name: 1 to 128 letters, digits, <c>_</c>, <c>-</c> or <c>.</c>.</summary>
    public static bool IsToolName(string? value) => value is not null && ToolName().IsMatch(value);

    private static void ValidateMcp(McpGatewayDefinition mcp, ValidationErrors errors)
    {
        if (mcp.Upstreams is not { Count: > 0 and <= MaxMcpUpstreams })
        {
            errors.Add("mcp.upstreams", $"must hold 1 to {MaxMcpUpstreams} upstream servers");
            return;
        }

        if (mcp.UnregisteredToolRisk is { } risk && !Enum.IsDefined(risk))
        {
            errors.Add("mcp.unregisteredToolRisk", "is not a risk class");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < mcp.Upstreams.Count; i++)
        {
            var upstream = mcp.Upstreams[i];
            var field = $"mcp.upstreams[{i}]";
            if (upstream is null)
            {
                errors.Add(field, "must not be null");
                continue;
            }

            if (!IsSlug(upstream.Name))
            {
                errors.Add($"{field}.name", "must be a slug: lower-case letters, digits and single dashes, 2 to 64 characters");
            }
            else if (!names.Add(upstream.Name))
            {
                errors.Add($"{field}.name", $"'{upstream.Name}' is declared twice");
            }

            if ((upstream.Command is null) == (upstream.Url is null))
            {
                errors.Add(field, "must declare exactly one of command (stdio) and url (Streamable HTTP)");
            }

            if (upstream.Command is not null && string.IsNullOrWhiteSpace(upstream.Command))
            {
                errors.Add($"{field}.command", "must not be blank");
            }

            if (upstream.Url is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
            {
                errors.Add($"{field}.url", "must be an absolute http or https URL");
            }

            if (upstream.Command is null && (upstream.Args is not null || upstream.Env is not null))
            {
                errors.Add(field, "args and env apply to a stdio upstream (command) only");
            }
        }
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){1,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex ToolName();
}
