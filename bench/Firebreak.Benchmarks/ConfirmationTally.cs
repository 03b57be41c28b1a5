using System.Diagnostics;
using System.Globalization;
using Firebreak.Control;

namespace Firebreak.Benchmarks;

/// <summary>
/// What a run of confirmed changes measured: each point's acknowledgement latency as the server reports it, each
/// request's round trip, and how many point-changes went unconfirmed; printed as one Markdown table. With several
/// nodes (<paramref name="nodeOf"/>), also split by whether the point is on the node the change was issued through.
/// </summary>
/// <param name="nodeOf">Each point's node, when the points are spread over several nodes; <see langword="null"/> for one node.</param>
internal sealed class ConfirmationTally(IReadOnlyDictionary<string, string>? nodeOf = null)
{
    private readonly List<double> _pointLatencies = [];
    private readonly List<double> _sameNodeLatencies = [];
    private readonly List<double> _otherNodeLatencies = [];
    private readonly List<double> _roundTrips = [];
    private readonly SortedDictionary<string, List<double>> _roundTripsVia = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> _unconfirmedOn = new(StringComparer.Ordinal);
    private int _unconfirmed;

    /// <summary>
    /// Counts one change sent at <paramref name="sent"/> (a <see cref="Stopwatch.GetTimestamp"/>) through node
    /// <paramref name="via"/> (<see langword="null"/> with one node) and answered with <paramref name="confirmations"/>.
    /// </summary>
    public void Add(long sent, IReadOnlyList<PointConfirmation> confirmations, int unconfirmed, string? via = null)
    {
        var roundTrip = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
        _roundTrips.Add(roundTrip);
        _unconfirmed += unconfirmed;
        foreach (var confirmation in confirmations)
        {
            var node = nodeOf?.GetValueOrDefault(confirmation.PointId) ?? "?";
            if (!confirmation.Confirmed)
            {
                _unconfirmedOn[node] = _unconfirmedOn.GetValueOrDefault(node) + 1;
                continue;
            }

            if (confirmation.LatencyMs is not { } latency)
            {
                continue;
            }

            _pointLatencies.Add(latency);
            if (via is not null)
            {
                (string.Equals(node, via, StringComparison.Ordinal) ? _sameNodeLatencies : _otherNodeLatencies).Add(latency);
            }
        }

        if (via is not null)
        {
            (_roundTripsVia.TryGetValue(via, out var trips) ? trips : _roundTripsVia[via] = []).Add(roundTrip);
        }
    }

    /// <summary>Prints the table and returns the exit code: 0 when every point confirmed every change.</summary>
    public int Report(string title, string perPoint, string roundTrip, string unconfirmed)
    {
        Console.WriteLine($"# {title}");
        Console.WriteLine("| measure | count | p50 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---|---|---|---|");
        Print(perPoint, _pointLatencies);
        if (nodeOf is not null)
        {
            Print($"{perPoint}, point on the issuing node", _sameNodeLatencies);
            Print($"{perPoint}, point on another node", _otherNodeLatencies);
        }

        Print(roundTrip, _roundTrips);
        if (_roundTripsVia.Count > 1)
        {
            foreach (var (via, trips) in _roundTripsVia)
            {
                Print($"{roundTrip}, issued through {via}", trips);
            }
        }

        Console.WriteLine($"{unconfirmed}: {_unconfirmed}{(_unconfirmedOn.Count == 0 ? "" : $" ({string.Join(", ", _unconfirmedOn.Select(u => $"{u.Value} on {u.Key}"))})")}");
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
