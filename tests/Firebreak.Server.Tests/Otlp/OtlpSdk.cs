using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Firebreak.Server.Tests.Otlp;

/// <summary>The official OpenTelemetry .NET SDK, set up as an agent would: its OTLP/HTTP protobuf exporter pointed at Firebreak.</summary>
internal static class OtlpSdk
{
    /// <summary>Exports <paramref name="source"/>'s spans, as service <c>support</c>, to <paramref name="endpoint"/> with <paramref name="headers"/>.</summary>
    public static TracerProvider TracerProvider(Uri endpoint, ActivitySource source, ExportProcessorType processor, string headers) =>
        Sdk.CreateTracerProviderBuilder()
            .AddSource(source.Name)
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("support"))
            .AddOtlpExporter(options =>
            {
                options.Endpoint = endpoint;
                options.Protocol = OtlpExportProtocol.HttpProtobuf;
                options.Headers = headers;
                options.ExportProcessorType = processor;
            })
            .Build();
}
