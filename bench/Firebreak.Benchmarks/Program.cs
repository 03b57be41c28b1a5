using System.Globalization;
using BenchmarkDotNet.Running;
using Firebreak.Benchmarks;

// dotnet run -c Release --project bench/Firebreak.Benchmarks -- append [sqlite|postgres <connection-string>] [--seconds N] [--sync full|normal] [--writers 1,8,64]
// dotnet run -c Release --project bench/Firebreak.Benchmarks -- bdn [BenchmarkDotNet arguments]
if (args.Length > 0 && args[0] == "append")
{
    var provider = args.Length > 1 ? args[1] : "sqlite";
    var connection = provider == "postgres" && args.Length > 2 ? args[2] : null;
    var secondsAt = Array.IndexOf(args, "--seconds");
    var seconds = secondsAt > 0 ? int.Parse(args[secondsAt + 1], CultureInfo.InvariantCulture) : 5;
    var syncAt = Array.IndexOf(args, "--sync");
    var writersAt = Array.IndexOf(args, "--writers");
    var writers = writersAt > 0 ? args[writersAt + 1].Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToArray() : [1, 8, 64];
    return await AppendHarness.RunAsync(provider, connection, syncAt > 0 ? args[syncAt + 1] : "full", TimeSpan.FromSeconds(seconds), writers);
}

// dotnet run -c Release --project bench/Firebreak.Benchmarks -- propagation <server-url[,server-url...]> <operator-key> [points] [processes] [changes] [--server-pid <pid[,pid...]>] [--issue-through first|each]
if (args.Length > 2 && args[0] == "propagation")
{
    var pidAt = Array.IndexOf(args, "--server-pid");
    var issueAt = Array.IndexOf(args, "--issue-through");
    var optionsAt = new[] { pidAt, issueAt }.Where(i => i > 0).DefaultIfEmpty(args.Length).Min();
    var positional = args[..optionsAt];
    int Arg(int index, int fallback) => positional.Length > index ? int.Parse(positional[index], CultureInfo.InvariantCulture) : fallback;
    int[] serverPids = pidAt > 0 ? [.. args[pidAt + 1].Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture))] : [];
    var issueThroughEach = issueAt > 0 && args[issueAt + 1] == "each";
    return await PropagationHarness.RunAsync(Servers(args[1]), args[2], Arg(3, 50), Arg(4, 5), Arg(5, 200), serverPids, issueThroughEach);
}

// dotnet run -c Release --project bench/Firebreak.Benchmarks -- rollback <server-url> <operator-key> [points] [processes] [rollbacks]
if (args.Length > 2 && args[0] == "rollback")
{
    int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
    return await PropagationHarness.RunRollbackAsync(new Uri(args[1]), args[2], Arg(3, 50), Arg(4, 5), Arg(5, 100));
}

if (args.Length > 5 && args[0] == "points")
{
    return await PropagationHarness.HostPointsAsync(
        Servers(args[1]), args[2], int.Parse(args[3], CultureInfo.InvariantCulture), args[4], int.Parse(args[5], CultureInfo.InvariantCulture));
}

// dotnet run -c Release --project bench/Firebreak.Benchmarks -- mcp [--servers <npm-dir>] [--calls N]
if (args.Length > 0 && args[0] == "mcp")
{
    var serversAt = Array.IndexOf(args, "--servers");
    var callsAt = Array.IndexOf(args, "--calls");
    var servers = serversAt > 0 ? args[serversAt + 1] : Path.Combine("tests", "Firebreak.Mcp.Tests", "mcp-servers");
    return await McpGatewayHarness.RunAsync(Path.GetFullPath(servers), callsAt > 0 ? int.Parse(args[callsAt + 1], CultureInfo.InvariantCulture) : 2000);
}

// dotnet run -c Release --project bench/Firebreak.Benchmarks -- blast-radius <actions> [directory] [repeats]
if (args.Length > 1 && args[0] == "blast-radius")
{
    var directory = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), "firebreak-bench");
    var repeats = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
    return await BlastRadiusHarness.RunAsync(long.Parse(args[1], CultureInfo.InvariantCulture), directory, repeats);
}

// dotnet run -c Release --project bench/Firebreak.Benchmarks -- ledger-verify <entries> [directory] [repeats]
if (args.Length > 1 && args[0] == "ledger-verify")
{
    var directory = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), "firebreak-bench");
    var repeats = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
    return await LedgerVerifyHarness.RunAsync(long.Parse(args[1], CultureInfo.InvariantCulture), directory, repeats);
}

// dotnet run -c Release --project bench/Firebreak.Benchmarks -- similar <runs> [directory] [queries] [limit]
if (args.Length > 1 && args[0] == "similar")
{
    int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
    var directory = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), "firebreak-bench");
    return await SimilarHarness.RunAsync(long.Parse(args[1], CultureInfo.InvariantCulture), directory, Arg(3, 500), Arg(4, 20));
}

// dotnet run -c Release --project bench/Firebreak.Benchmarks -- compensation <server-url> <operator-key> <backend-url> [actions] [concurrencies] [rate]
if (args.Length > 3 && args[0] == "compensation")
{
    var actions = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 500;
    var concurrencies = args.Length > 5 ? args[5].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray() : [1, 4, 16];
    var rate = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 10_000;
    return await CompensationHarness.RunAsync(new Uri(args[1]), args[2], new Uri(args[3]), actions, concurrencies, rate);
}

if (args.Length > 0 && args[0] == "bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(AppendHarness).Assembly).Run(args[1..]);
    return 0;
}

Console.Error.WriteLine("usage: append [sqlite | postgres <connection-string>] [--seconds N] [--sync full|normal] [--writers 1,8,64] | propagation <server-url[,server-url...]> <operator-key> [points] [processes] [changes] [--server-pid <pid[,pid...]>] [--issue-through first|each] | rollback <server-url> <operator-key> [points] [processes] [rollbacks] | mcp [--servers <npm-dir>] [--calls N] | blast-radius <actions> [directory] [repeats] | ledger-verify <entries> [directory] [repeats] | similar <runs> [directory] [queries] [limit] | compensation <server-url> <operator-key> <backend-url> [actions] [concurrencies] [rate] | bdn [BenchmarkDotNet arguments]");
return 2;

static Uri[] Servers(string list) => [.. list.Split(',').Select(s => new Uri(s))];
