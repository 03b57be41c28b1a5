using System.Net.Http.Headers;

namespace Firebreak.Cli.Tests;

/// <summary>A request as the server would see it, body included (the client disposes the original once it is sent).</summary>
internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, AuthenticationHeaderValue? Authorization, string? Body);
