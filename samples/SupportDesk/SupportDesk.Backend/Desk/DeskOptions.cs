namespace SupportDesk.Backend.Desk;

/// <summary>The backend's settings, bound from the <c>Desk</c> configuration section.</summary>
public sealed class DeskOptions
{
    public const string Section = "Desk";

    /// <summary>Short command-line switches for the settings a demo or a test passes.</summary>
    public static IDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>
    {
        ["--seed-tickets"] = $"{Section}:{nameof(SeedTickets)}",
        ["--seed-customers"] = $"{Section}:{nameof(SeedCustomers)}",
        ["--state-file"] = $"{Section}:{nameof(StateFile)}",
    };

    /// <summary>Where the state is persisted after each change; in memory only when empty. Default: empty.</summary>
    public string? StateFile { get; set; }

    /// <summary>How many tickets (each with its own order) to create when the desk starts empty. Default: 0.</summary>
    public int SeedTickets { get; set; }

    /// <summary>Among how many customers the seeded orders are spread. Default: 3.</summary>
    public int SeedCustomers { get; set; } = 3;
}
