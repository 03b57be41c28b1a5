using System.Diagnostics;
using System.Globalization;
using Firebreak.Control;

namespace Firebreak.Benchmarks;

/// <summary>
/// What a run of confirmed changes measured: each point's acknowledgement latency as the server reports it, each
/// request's round trip, and how many point-changes went unconfirmed; printed as one Markdown table.
/// </summary>
internal sealed class ConfirmationTally
{
    private readonly List<double> _pointLatencies = [];
    private readonly List<double> _roundTrips = [];
    private int _unconfirmed;

    /// <summary>Counts one change sent at <paramref name="sent"/> (a <see cref="Stopwatch.GetTimestamp"/>) and answered with <paramref name="confirmations"/>.</summary>
    public void Add(long sent, IReadOnlyList<PointConfirmation> confirmations, int unconfirmed)
    {
        _roundTrips.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
        _unconfirmed += unconfirmed;
        _pointLatencies.AddRange(confirmations.Where(c => c.Confirmed && c.LatencyMs is not null).Select(c => c.LatencyMs!.Value));
    }

    /// <summary>Prints the table and returns the exit code: 0 when every point confirmed every change.</summary>
    public int Report(string title, string perPoint, string roundTrip, string unconfirmed)
    {
        Console.WriteLine($"# {title}");
        Console.WriteLine("| measure | count | p50 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---|---|---|---|");
        Print(perPoint, _pointLatencies);
        Print(roundTrip, _roundTrips);
        Console.WriteLine($"{unconfirmed}: {_unconfirmed}");
        return _unconfirmed == 0 ? 0 : 1;
    }

    private static void Print(string measure, List<double> values)
    {
        var sorted = values.Order().ToArray();
        double At(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {measure} | {sorted.Length:N0} | {At(0.50):0.00} | {At(0.99):0.00} | {(sorted.Length == 0 ? 0 : sorted[^1]):0.00} |"));
    }
}
