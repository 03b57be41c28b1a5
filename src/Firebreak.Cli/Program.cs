using Firebreak.Cli;
using Spectre.Console;

var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    // Off a terminal (a pipe, a log file, a script) no screen wraps the output: tables keep ids and versions whole
    // instead of cutting them to Spectre's default 80 columns.
    console.Profile.Width = 240;
}

return await Cli.RunAsync(args, console, Console.Error);
