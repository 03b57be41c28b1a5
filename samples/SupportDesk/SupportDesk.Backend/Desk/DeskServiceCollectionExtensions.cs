namespace SupportDesk.Backend.Desk;

public static class DeskServiceCollectionExtensions
{
    public static IServiceCollection AddDesk(this IServiceCollection services)
    {
        services.AddOptions<DeskOptions>()
            .BindConfiguration(DeskOptions.Section)
            .Validate(o => o.SeedTickets >= 0, "Desk:SeedTickets must not be negative.")
            .Validate(o => o.SeedCustomers >= 1, "Desk:SeedCustomers must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DeskStore>();
        services.AddSingleton<Memory.AgentMemory>();
        services.AddSingleton<Memory.KnowledgeBase>();
        return services;
    }
}
