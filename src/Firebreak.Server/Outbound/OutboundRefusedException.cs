namespace Firebreak.Server.Outbound;

/// <summary>An outbound call refused before any byte was sent: its host is not allowed, or it resolves to a forbidden address.</summary>
internal sealed class OutboundRefusedException(string message) : IOException(message);
