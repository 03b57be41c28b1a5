namespace Firebreak.Incidents;

/// <summary>A message that went out.</summary>
/// <param name="Seq">Its position among the incident's messages, from 1.</param>
/// <param name="At">When it was sent.</param>
/// <param name="Actor">Who sent it.</param>
/// <param name="Channel">Where it went.</param>
/// <param name="Subject">Its subject, for channels that have one.</param>
/// <param name="Body">The rendered text.</param>
/// <param name="EstimatedResolution">The estimate it gave, if any.</param>
public sealed record IncidentCommunication(
    long Seq, DateTimeOffset At, string Actor, CommunicationChannel Channel, string? Subject, string Body, string? EstimatedResolution);
