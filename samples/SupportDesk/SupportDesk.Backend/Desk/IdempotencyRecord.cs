using System.Text.Json;

namespace SupportDesk.Backend.Desk;

/// <summary>The first successful answer to a keyed request, replayed for the same request and refused for a different one.</summary>
public sealed record IdempotencyRecord(string Fingerprint, JsonElement Response);
