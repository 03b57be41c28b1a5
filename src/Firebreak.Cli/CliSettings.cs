namespace Firebreak.Cli;

/// <summary>Where to connect and with which key, resolved from the global options and the environment.</summary>
internal sealed record CliSettings(Uri Server, string ApiKey);
