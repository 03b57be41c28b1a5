using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Firebreak.Serialization;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Firebreak.Server.Http;

/// <summary>
/// Kestrel refuses a request whose request line it cannot accept (a NUL in the target, raw or as <c>%00</c>, or another
/// byte HTTP does not allow) before any middleware runs, with an empty 4xx and a closed connection, and offers no hook to
/// change that answer. This connection middleware recognises exactly that answer on its way out and writes problem
/// details in its place, so every refusal a client gets is an RFC 9457 problem.
/// </summary>
/// <remarks>
/// The answer is recognised by its header block, which only Kestrel's own refusals write: a 4xx status line followed
/// directly by <c>Content-Length: 0</c> and <c>Connection: close</c>. Responses of the application always go through
/// the problem-details status pages, and their bodies are chunked or start with their own content, never with a status line.
/// </remarks>
internal static class RejectedRequestProblemConnection
{
    /// <summary>Adds the rewriting to every endpoint Kestrel listens on.</summary>
    public static void UseRejectedRequestProblems(this KestrelServerOptions kestrel) =>
        kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => async connection =>
        {
            var transport = connection.Transport;
            connection.Transport = new RewritingPipe(transport);
            try
            {
                await next(connection);
            }
            finally
            {
                connection.Transport = transport;
            }
        }));

    private static ReadOnlySpan<byte> StatusLinePrefix => "HTTP/1.1 4"u8;

    private static ReadOnlySpan<byte> RejectionHeaders => "\r\nContent-Length: 0\r\nConnection: close\r\n"u8;

    private static ReadOnlySpan<byte> EndOfHeaders => "\r\n\r\n"u8;

    /// <summary>The rewritten answer for <paramref name="original"/>, or <see langword="null"/> when it is not a Kestrel refusal.</summary>
    public static byte[]? Rewrite(ReadOnlySpan<byte> original)
    {
        if (!original.StartsWith(StatusLinePrefix))
        {
            return null;
        }

        var statusLineEnd = original.IndexOf("\r\n"u8);
        var headersEnd = original.IndexOf(EndOfHeaders);
        if (statusLineEnd < 0 || headersEnd < 0 || headersEnd + EndOfHeaders.Length != original.Length
            || !original[statusLineEnd..].StartsWith(RejectionHeaders))
        {
            return null;
        }

        var statusLine = Encoding.ASCII.GetString(original[..statusLineEnd]);
        var status = int.Parse(statusLine.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
        var reason = statusLine.Length > 13 ? statusLine[13..] : "Bad Request";
        var body = JsonSerializer.SerializeToUtf8Bytes(new RejectedRequestProblem(
            "https://tools.ietf.org/html/rfc9110#section-15.5",
            status == StatusCodes.Status400BadRequest ? "The request is not valid." : reason,
            status,
            "The server refused the request line before reading it: its target holds a NUL or another character HTTP does not allow, or it is malformed or too large."),
            FirebreakJson.Options);
        var otherHeaders = original[(statusLineEnd + RejectionHeaders.Length)..headersEnd];
        var head = $"{statusLine}\r\nContent-Type: application/problem+json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. otherHeaders, .. EndOfHeaders, .. body];
    }

    private sealed class RewritingPipe(IDuplexPipe inner) : IDuplexPipe
    {
        public PipeReader Input => inner.Input;

        public PipeWriter Output { get; } = new RewritingWriter(inner.Output);
    }

    /// <summary>Hands Kestrel the inner writer's memory and looks at each write before committing it; only a refusal is replaced.</summary>
    private sealed class RewritingWriter(PipeWriter inner) : PipeWriter
    {
        private Memory<byte> _handedOut;

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        public override void Advance(int bytes)
        {
            if (bytes > 0 && _handedOut.Length >= bytes && Rewrite(_handedOut.Span[..bytes]) is { } problem)
            {
                _handedOut = default;
                inner.Write(problem);
                return;
            }

            _handedOut = default;
            inner.Advance(bytes);
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => _handedOut = inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);
    }
}
