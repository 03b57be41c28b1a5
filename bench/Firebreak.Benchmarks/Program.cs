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

if (args.Length > 0 && args[0] == "bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(AppendHarness).Assembly).Run(args[1..]);
    return 0;
}

Console.Error.WriteLine("usage: append [sqlite | postgres <connection-string>] [--seconds N] [--sync full|normal] [--writers 1,8,64] | bdn [BenchmarkDotNet arguments]");
return 2;
