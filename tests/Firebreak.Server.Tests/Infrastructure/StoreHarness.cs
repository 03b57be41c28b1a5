using Firebreak.Server.Approvals;
using Firebreak.Server.Auth;
using Firebreak.Server.Control;
using Firebreak.Server.Held;
using Firebreak.Server.Incidents;
using Firebreak.Server.Ledger;
using Firebreak.Server.Registry;
using Firebreak.Server.Regression;
using Firebreak.Server.Releases;
using Firebreak.Server.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Server.Tests.Infrastructure;

/// <summary>The stores of one backend wired as the server wires them, with a running writer and a controllable clock.</summary>
internal sealed class StoreHarness : IAsyncDisposable
{
    private StoreHarness(Database database, FakeTimeProvider time, int maxBatchSize)
    {
        Database = database;
        Time = time;
        Writer = new StoreWriter(database, time, Options.Create(new StorageOptions { MaxBatchSize = maxBatchSize }), NullLogger<StoreWriter>.Instance);
        Ledger = new LedgerStore(database, Writer);
        Registry = new RegistryStore(database, Writer);
        Keys = new ApiKeyStore(database, Writer, time, Options.Create(new AuthOptions()));
        Incidents = new IncidentStore(database, Writer, new WebhookOutbox(Options.Create(new IncidentOptions())), new IncidentPages(database, Options.Create(new EscalationOptions())));
        Timeline = new IncidentTimeline(Incidents, Writer);
        Control = new ControlStore(database, Writer, Timeline);
        Approvals = new ApprovalStore(database, Writer, time, Timeline);
        Held = new HeldStore(database, Writer, Timeline);
        Releases = new ReleaseStore(database, Writer, Timeline);
        Regression = new RegressionStore(database, Writer, Timeline);
    }

    public Database Database { get; }

    public FakeTimeProvider Time { get; }

    public StoreWriter Writer { get; }

    public LedgerStore Ledger { get; }

    public RegistryStore Registry { get; }

    public ApiKeyStore Keys { get; }

    public IncidentStore Incidents { get; }

    public IncidentTimeline Timeline { get; }

    public ControlStore Control { get; }

    public ApprovalStore Approvals { get; }

    public HeldStore Held { get; }

    public ReleaseStore Releases { get; }

    public RegressionStore Regression { get; }

    public static async Task<StoreHarness> StartAsync(Database database, int maxBatchSize = 512)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
        await new Migrator(database, time, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
        var harness = new StoreHarness(database, time, maxBatchSize);
        await harness.Writer.StartAsync(CancellationToken.None);
        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        await Writer.StopAsync(CancellationToken.None);
        Writer.Dispose();
        Keys.Dispose();
        if (Database is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}
