namespace SupportDesk.Backend.Memory;

/// <summary>A knowledge-base document the agent retrieves when a ticket mentions one of its topics.</summary>
public sealed record KnowledgeDocument(string Source, string Title, string Text, IReadOnlyList<string> Topics, DateTimeOffset AddedAt);
