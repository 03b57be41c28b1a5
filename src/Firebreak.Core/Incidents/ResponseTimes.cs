namespace Firebreak.Incidents;

/// <summary>Mean response times over a set of incidents, each measured from detection. A mean covers only the incidents that
/// reached its milestone, and is <see langword="null"/> when none did.</summary>
/// <param name="Incidents">How many incidents the set holds.</param>
/// <param name="MeanTimeToAcknowledge">MTTA: detected to acknowledged.</param>
/// <param name="MeanTimeToMitigate">Detected to mitigated.</param>
/// <param name="MeanTimeToResolve">MTTR: detected to resolved.</param>
internal sealed record ResponseTimes(
    int Incidents,
    TimeSpan? MeanTimeToAcknowledge,
    TimeSpan? MeanTimeToMitigate,
    TimeSpan? MeanTimeToResolve);
