using Firebreak.Otlp;
using Firebreak.Server.Auth;
using Firebreak.Server.Ledger;
using Firebreak.Server.Registry;
using Google.Protobuf;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Firebreak.Server.Otlp;

/// <summary>
/// The OTLP/HTTP trace receiver at the standard path <c>POST /v1/traces</c>: GenAI spans become runs, steps and
/// actions in the ledger (see <see cref="OtlpTraceMapper"/>), through the same store and entries SDK-recorded runs use,
/// so detectors, blast radius, traces and the console see them alike.
/// </summary>
/// <remarks>
/// Ingest records what already happened: a span is telemetry of a call that ran, not a request to run it, so the
/// controls in force are not decided again here (<see cref="ActionAdmission"/> is not applied). A tool call that ran
/// while a kill was in force is recorded as it ran; that is what the incident needs to see.
/// </remarks>
internal static partial class OtlpEndpoints
{
    /// <summary>At most this many agent names are looked up one by one; more are checked against one read of the registry.</summary>
    private const int MaxSingleLookups = 16;

    /// <summary>The rejection reasons quoted in a partial-success message; the count covers the rest.</summary>
    private const int MaxQuotedReasons = 5;

    public static IEndpointRouteBuilder MapOtlpEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/traces", ExportTraces)
            .WithTags("OpenTelemetry").WithName("ExportTraces")
            .WithSummary("OTLP/HTTP trace export (protobuf or JSON, optionally gzip). GenAI spans become runs, steps and actions; spans that cannot be mapped are reported as a partial success.")
            .RequireAuthorization(Policies.Record);
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportTraces(
        HttpContext http,
        LedgerStore ledger,
        RegistryStore registry,
        IOptions<OtlpOptions> options,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (OtlpRequestReader.PayloadOf(http.Request) is not { } payload)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "The content type is not supported.",
                detail: $"Send the export as '{OtlpRequestReader.ProtobufMediaType}' or '{OtlpRequestReader.JsonMediaType}'.");
        }

        var (request, problem) = await OtlpRequestReader.ReadAsync(http.Request, payload, options.Value.MaxDecompressedBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var spans = OtlpSpanReader.Read(request!);
        var registered = await RegisteredAgentsAsync(spans, registry, cancellationToken);
        var caller = Caller.From(http.User);
        var plan = OtlpTraceMapper.Map(spans, registered.Contains, caller.MayActFor);
        var written = await Task.WhenAll(plan.Runs.Select(run => ledger.IngestRunAsync(run, cancellationToken)));
        var rejections = plan.Rejections.Concat(written.SelectMany(r => r)).ToList();

        var response = new ExportTraceServiceResponse();
        if (rejections.Count > 0)
        {
            var message = Describe(rejections);
            response.PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = rejections.Count, ErrorMessage = message };
            LogRejected(loggers.CreateLogger(typeof(OtlpEndpoints)), caller.Actor, spans.Count, rejections.Count, message);
        }

        return payload == OtlpPayload.Protobuf
            ? TypedResults.Bytes(response.ToByteArray(), OtlpRequestReader.ProtobufMediaType)
            : TypedResults.Bytes(System.Text.Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(response)), OtlpRequestReader.JsonMediaType);
    }

    /// <summary>The agent ids among the names the spans give (<c>gen_ai.agent.name</c>, <c>service.name</c>) that the registry holds.</summary>
    private static async Task<HashSet<string>> RegisteredAgentsAsync(List<OtlpSpan> spans, RegistryStore registry, CancellationToken cancellationToken)
    {
        var names = spans.Select(s => s.Text(GenAiAttributes.AgentName)).Concat(spans.Select(s => s.ServiceName))
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
        var registered = new HashSet<string>(StringComparer.Ordinal);
        if (names.Count > MaxSingleLookups)
        {
            registered.UnionWith((await registry.ListAsync(cancellationToken)).Select(a => a.Id).Where(names.Contains));
            return registered;
        }

        foreach (var name in names)
        {
            if (await registry.GetAsync(name, cancellationToken) is not null)
            {
                registered.Add(name);
            }
        }

        return registered;
    }

    private static string Describe(List<OtlpRejection> rejections)
    {
        var quoted = rejections.Take(MaxQuotedReasons).Select(r => $"span {r.SpanId}: {r.Reason}");
        var more = rejections.Count > MaxQuotedReasons ? $"; and {rejections.Count - MaxQuotedReasons} more" : string.Empty;
        return $"{rejections.Count} span(s) not recorded: {string.Join("; ", quoted)}{more}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "OTLP export by {Actor}: {Rejected} of {Spans} spans not recorded: {Reasons}")]
    private static partial void LogRejected(ILogger logger, string actor, int spans, int rejected, string reasons);
}
