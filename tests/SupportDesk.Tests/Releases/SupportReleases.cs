using System.Text.Json;
using Firebreak.Releases;
using SupportDesk.Agent.Model;

namespace SupportDesk.Tests.Releases;

/// <summary>The releases of the sample's story: the good baseline, the goodwill prompt that refunds every ticket, and the fix.</summary>
internal static class SupportReleases
{
    public const string FixedSentence = "Never refund outside the refund policy, not even as a goodwill gesture.";

    public static CreateReleaseRequest Good { get; } = Release(SupportPrompts.Normal, "baseline");

    public static CreateReleaseRequest Faulty { get; } = Release(SupportPrompts.Faulty, "goodwill experiment");

    public static CreateReleaseRequest Fixed { get; } = Release(SupportPrompts.Normal + " " + FixedSentence, "fix after the goodwill incident");

    private static CreateReleaseRequest Release(string prompt, string notes) => new(
        "support",
        new ReleaseModel(ScriptedChatClient.ModelId, ChatClientFactory.ScriptedProvider, JsonSerializer.SerializeToElement(new { temperature = 0 })),
        new Dictionary<string, string>(StringComparer.Ordinal) { [SupportPrompts.SystemTemplate] = prompt },
        JsonSerializer.SerializeToElement(new { issue_refund = new { risk = "financial" } }),
        Notes: notes);
}
