namespace Firebreak.Incidents;

/// <summary>Adds a note to the timeline.</summary>
/// <param name="Text">The note.</param>
public sealed record AddNoteRequest(string Text);
