using Firebreak.Cli;
using Spectre.Console;

return await Cli.RunAsync(args, AnsiConsole.Console, Console.Error);
