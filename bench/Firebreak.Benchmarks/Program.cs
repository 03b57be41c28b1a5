using System.Globalization;
using BenchmarkDotNet.Running;
using Firebreak.Benchmarks;

// dotnet run -c Release --project bench/Firebreak.Benchmarks -- append [sqlite|postgres <connection-string>] [--seconds N]
// dotnet run -c Release --project bench/Firebreak.Benchmarks -- bdn [BenchmarkDotNet arguments]
if (args.Length > 0 && args[0] == "append")
{
    var provider = args.Length > 1 ? args[1] : "sqlite";
    var connection = provider == "postgres" && args.Length > 2 ? args[2] : null;
    var secondsAt = Array.IndexOf(args, "--seconds");
    var seconds = secondsAt > 0 ? int.Parse(args[secondsAt + 1], CultureInfo.InvariantCulture) : 5;
    return await AppendHarness.RunAsync(provider, connection, TimeSpan.FromSeconds(seconds), [1, 8, 64]);
}

if (args.Length > 0 && args[0] == "bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(AppendHarness).Assembly).Run(args[1..]);
    return 0;
}

Console.Error.WriteLine("usage: append [sqlite | postgres <connection-string>] [--seconds N] | bdn [BenchmarkDotNet arguments]");
return 2;
