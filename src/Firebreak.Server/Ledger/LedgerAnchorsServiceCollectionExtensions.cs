namespace Firebreak.Server.Ledger;

internal static class LedgerAnchorsServiceCollectionExtensions
{
    /// <summary>Signed ledger anchors and the full ledger audit; the hosted anchoring loop is added with the other hosted services.</summary>
    public static IServiceCollection AddLedgerAnchors(this IServiceCollection services)
    {
        services.AddOptions<LedgerAnchorOptions>().BindConfiguration(LedgerAnchorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LedgerAnchors>();
        services.AddSingleton<LedgerAuditor>();
        return services;
    }
}
