namespace Firebreak.Server.Otlp;

/// <summary>The two OTLP/HTTP encodings; the response is written in the request's.</summary>
internal enum OtlpPayload
{
    Protobuf,
    Json,
}
