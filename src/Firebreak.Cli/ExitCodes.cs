namespace Firebreak.Cli;

/// <summary>
/// The exit codes of <c>firebreak</c>, distinct per cause so that scripts (a cron job running
/// <c>firebreak ledger verify</c>, say) can tell a finding from a failure to look.
/// </summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The command ran and found a problem: <c>ledger verify</c> found a broken hash chain, or an enforcement point did not confirm a control change in time.</summary>
    public const int Finding = 1;

    /// <summary>The command line is wrong: unknown command or option, bad value, missing API key, invalid server URL.</summary>
    public const int Usage = 2;

    /// <summary>The server answered with an error (problem details): not found, forbidden, validation, conflict.</summary>
    public const int ApiError = 3;

    /// <summary>The server could not be reached, did not answer in time, or answered with something other than the Firebreak API.</summary>
    public const int Unavailable = 4;

    /// <summary>A bug in <c>firebreak</c> itself (sysexits <c>EX_SOFTWARE</c>).</summary>
    public const int Internal = 70;

    /// <summary>Interrupted (Ctrl+C), by the shell convention 128 + SIGINT.</summary>
    public const int Cancelled = 130;
}
