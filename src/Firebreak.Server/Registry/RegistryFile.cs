using System.Text.Json;
using Firebreak.Registry;
using Firebreak.Serialization;

namespace Firebreak.Server.Registry;

/// <summary>Reads a registry file: JSON (comments and trailing commas allowed) holding <c>{ "agents": [ ... ] }</c>.</summary>
internal static class RegistryFile
{
    public static RegistryDocument Read(string path)
    {
        RegistryDocument? document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonSerializer.Deserialize<RegistryDocument>(stream, FirebreakJson.Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Registry file '{path}' is not valid: {ex.Message}", ex);
        }

        if (document is null)
        {
            throw new InvalidDataException($"Registry file '{path}' is empty.");
        }

        foreach (var agent in document.Agents)
        {
            var errors = AgentValidator.Validate(agent);
            if (!errors.IsValid)
            {
                throw new InvalidDataException($"Registry file '{path}', agent '{agent.Id}': {errors}");
            }
        }

        return document;
    }
}
