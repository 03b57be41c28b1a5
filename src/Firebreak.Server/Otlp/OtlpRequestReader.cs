using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Firebreak.Server.Otlp;

/// <summary>
/// Reads an OTLP/HTTP export body: binary protobuf or the OTLP JSON mapping, optionally gzip-compressed, held to
/// <see cref="OtlpOptions.MaxDecompressedBodyBytes"/> once decompressed. Every failure is a problem result, returned
/// before anything is written.
/// </summary>
internal static class OtlpRequestReader
{
    public const string ProtobufMediaType = "application/x-protobuf";
    public const string JsonMediaType = "application/json";

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    /// <summary>The encoding the request declares, or <see langword="null"/> when it is neither of OTLP's.</summary>
    public static OtlpPayload? PayloadOf(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType))
        {
            return null;
        }

        return contentType.MediaType.Value?.ToLowerInvariant() switch
        {
            ProtobufMediaType => OtlpPayload.Protobuf,
            JsonMediaType => OtlpPayload.Json,
            _ => null,
        };
    }

    public static async Task<(ExportTraceServiceRequest? Request, ProblemHttpResult? Problem)> ReadAsync(
        HttpRequest request, OtlpPayload payload, long maxBytes, CancellationToken cancellationToken)
    {
        var encoding = request.Headers.ContentEncoding.ToString().Trim().ToLowerInvariant();
        if (encoding is not ("" or "identity" or "gzip"))
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "The content encoding is not supported.",
                detail: $"Content-Encoding '{encoding}' is not supported; send the body uncompressed or gzip-compressed."));
        }

        byte[]? body;
        try
        {
            body = await ReadBodyAsync(request.Body, encoding == "gzip", maxBytes, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            return (null, Invalid($"The body is not valid gzip: {ex.Message}"));
        }

        if (body is null)
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "The request body is too large.",
                detail: $"The export is larger than {maxBytes} bytes once decompressed; export smaller batches."));
        }

        try
        {
            return (payload == OtlpPayload.Protobuf ? ExportTraceServiceRequest.Parser.ParseFrom(body) : ParseJson(body), null);
        }
        catch (InvalidProtocolBufferException ex)
        {
            return (null, Invalid(payload == OtlpPayload.Protobuf
                ? $"The body is not a valid ExportTraceServiceRequest in protobuf: {ex.Message}"
                : $"The body is not a valid ExportTraceServiceRequest in OTLP JSON: {ex.Message}"));
        }
        catch (Exception ex) when (ex is JsonException or InvalidJsonException or FormatException)
        {
            return (null, Invalid($"The body is not a valid ExportTraceServiceRequest in OTLP JSON: {ex.Message}"));
        }
    }

    /// <summary>
    /// OTLP JSON differs from the protobuf JSON mapping in one way that matters here: trace and span ids are hex, not
    /// base64. They are rewritten to base64 so the standard parser reads the rest (camelCase names, enums as integers,
    /// 64-bit integers as strings or numbers, unknown fields ignored).
    /// </summary>
    private static ExportTraceServiceRequest ParseJson(byte[] body)
    {
        var root = JsonNode.Parse(body) as JsonObject ?? throw new FormatException("the body must be a JSON object.");
        foreach (var resourceSpans in Items(root, "resourceSpans"))
        {
            foreach (var scopeSpans in Items(resourceSpans, "scopeSpans"))
            {
                foreach (var span in Items(scopeSpans, "spans"))
                {
                    HexToBase64(span, "traceId");
                    HexToBase64(span, "spanId");
                    HexToBase64(span, "parentSpanId");
                    foreach (var link in Items(span, "links"))
                    {
                        HexToBase64(link, "traceId");
                        HexToBase64(link, "spanId");
                    }
                }
            }
        }

        return Parser.Parse<ExportTraceServiceRequest>(root.ToJsonString());
    }

    private static IEnumerable<JsonObject> Items(JsonObject parent, string name) =>
        parent[name] is JsonArray array ? array.OfType<JsonObject>() : [];

    private static void HexToBase64(JsonObject owner, string name)
    {
        if (owner[name] is not JsonValue value || !value.TryGetValue<string>(out var hex))
        {
            return;
        }

        try
        {
            owner[name] = Convert.ToBase64String(Convert.FromHexString(hex));
        }
        catch (FormatException)
        {
            throw new FormatException($"'{name}' must be hex-encoded, as OTLP JSON requires; '{hex}' is not.");
        }
    }

    /// <summary>The body, decompressed; <see langword="null"/> as soon as it passes <paramref name="maxBytes"/>, so a gzip bomb is never inflated in full.</summary>
    private static async Task<byte[]?> ReadBodyAsync(Stream body, bool gzip, long maxBytes, CancellationToken cancellationToken)
    {
        await using var source = gzip ? new GZipStream(body, CompressionMode.Decompress, leaveOpen: true) : null;
        var input = source ?? body;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await input.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid.", detail: detail);
}
