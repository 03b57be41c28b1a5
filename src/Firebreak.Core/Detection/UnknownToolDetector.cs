namespace Firebreak.Detection;

/// <summary><c>unknown-tool</c>: a call to a tool outside the agent's catalog; alerts are per tool.</summary>
internal sealed class UnknownToolDetector(DetectorDefinition definition, string agentId, IEnumerable<string> catalog) : Detector(definition, agentId)
{
    private readonly HashSet<string> _catalog = new(catalog, StringComparer.Ordinal);

    public override DetectorFinding? Observe(DetectionEvent e, bool strict)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Kind != DetectionEventKind.Action || e.Tool is not { } tool || _catalog.Contains(tool))
        {
            return null;
        }

        return Fire(e, tool, $"A call to {tool}, which is not in the agent's catalog.", e.RunId is { } run ? [run] : [], e.ActionSeq is { } seq ? [seq] : []);
    }
}
