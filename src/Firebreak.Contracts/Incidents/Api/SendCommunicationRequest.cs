namespace Firebreak.Incidents;

/// <summary>Renders a message from the channel's template and records it as sent.</summary>
/// <param name="Channel">Which template to render.</param>
/// <param name="Impact">Who and what is affected, in plain words.</param>
/// <param name="CurrentAction">What is being done right now.</param>
/// <param name="EstimatedResolution">An honest estimate, or absent when unknown.</param>
/// <param name="Workaround">What customers can do meanwhile.</param>
/// <param name="Feature">What customers know the agent as.</param>
public sealed record SendCommunicationRequest(
    CommunicationChannel Channel,
    string Impact,
    string CurrentAction,
    string? EstimatedResolution = null,
    string? Workaround = null,
    string? Feature = null);
