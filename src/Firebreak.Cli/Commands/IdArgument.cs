using System.CommandLine;

namespace Firebreak.Cli.Commands;

/// <summary>A positional id argument that refuses blank values at parse time, so they never reach the server.</summary>
internal static class IdArgument
{
    public static Argument<string> Create(string name, string description)
    {
        var argument = new Argument<string>(name) { Description = description };
        argument.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError($"<{name}> must not be empty");
            }
        });
        return argument;
    }
}
