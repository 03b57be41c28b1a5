using System.Text.Json;

namespace Firebreak.Server.Tests.Infrastructure;

/// <summary>One server-sent event as read off the wire.</summary>
internal sealed record SseEvent(string? Id, string Event, JsonElement Data);
