namespace SupportDesk.Agent.Desk;

/// <summary>A knowledge-base document as the backend returns it.</summary>
public sealed record DeskKnowledge(string Source, string Title, string Text, IReadOnlyList<string> Topics, DateTimeOffset AddedAt);
