using System.ComponentModel.DataAnnotations;

namespace Firebreak.Server.Otlp;

/// <summary>OTLP/HTTP trace ingest settings, bound from the <c>Firebreak:Otlp</c> configuration section and validated at start.</summary>
public sealed class OtlpOptions
{
    public const string Section = "Firebreak:Otlp";

    /// <summary>
    /// The largest export body after gzip is undone (default 8 MiB); larger ones get 413 and write nothing. The body as
    /// sent is held to <c>Firebreak:MaxRequestBodyBytes</c> like every other request, so this bounds what a small
    /// compressed body may expand to.
    /// </summary>
    [Range(1024, 256L * 1024 * 1024)]
    public long MaxDecompressedBodyBytes { get; set; } = 8L * 1024 * 1024;
}
