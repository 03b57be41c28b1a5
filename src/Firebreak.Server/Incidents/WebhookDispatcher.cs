using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Firebreak.Webhooks;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Firebreak.Server.Incidents;

/// <summary>
/// Delivers queued webhooks, oldest first, each with retries and exponential backoff. Every attempt is written to the
/// delivery log before the next one, so after a restart a delivery resumes with the attempts it has left.
/// </summary>
internal sealed partial class WebhookDispatcher(
    WebhookDeliveryStore deliveries,
    WebhookOutbox outbox,
    IHttpClientFactory clients,
    IOptions<IncidentOptions> options,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string ClientName = "firebreak-webhooks";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var pending = await deliveries.PendingAsync(20, time.GetUtcNow(), stoppingToken);
                foreach (var (delivery, payload, target) in pending)
                {
                    if (!await deliveries.LeaseAsync(delivery.Id, Lease(options.Value), stoppingToken))
                    {
                        continue;
                    }

                    try
                    {
                        await DeliverAsync(delivery, payload, target, stoppingToken);
                    }
                    catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                    {
                        await deliveries.ReleaseAsync(delivery.Id, CancellationToken.None);
                        throw;
                    }
                }

                if (pending.Count == 0)
                {
                    await outbox.WaitAsync(options.Value.WebhookPollInterval, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: pending rows stay queued and are picked up on the next start.
        }
    }

    /// <summary>Long enough for every attempt and backoff of one delivery, so another node never takes a delivery this one is still retrying.</summary>
    private static TimeSpan Lease(IncidentOptions settings) =>
        (settings.WebhookTimeout * settings.WebhookMaxAttempts) + (settings.WebhookBaseDelay * Math.Pow(2, settings.WebhookMaxAttempts));

    private async Task DeliverAsync(WebhookDelivery delivery, string payload, string? target, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var webhook = settings.Webhooks.FirstOrDefault(w => string.Equals(w.Name, delivery.Webhook, StringComparison.Ordinal));
        if (webhook?.Url is not { } configured)
        {
            await deliveries.RecordAttemptAsync(delivery.Id, delivery.Attempts, null, "the webhook is no longer configured", false, true, stoppingToken);
            return;
        }

        var url = target is null ? configured : new Uri(configured.AbsoluteUri.TrimEnd('/') + target);
        var body = Encoding.UTF8.GetBytes(payload);
        var deliveryId = delivery.Id.ToString(CultureInfo.InvariantCulture);
        var attempts = delivery.Attempts;
        var left = Math.Max(1, settings.WebhookMaxAttempts - attempts);
        var pipeline = new ResiliencePipelineBuilder<int?> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<int?>
            {
                MaxRetryAttempts = left - 1,
                Delay = settings.WebhookBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is HttpRequestException or TaskCanceledException
                    || args.Outcome.Result is not (>= 200 and < 300)),
            })
            .Build();
        var client = clients.CreateClient(ClientName);
        client.Timeout = settings.WebhookTimeout;
        var code = await pipeline.ExecuteAsync(
            async token =>
            {
                attempts++;
                int? status = null;
                string? error = null;
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    // Each attempt is signed at its own time, so a late retry is still fresh; the id stays, so a receiver can drop a retry it already has.
                    request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(webhook.Secret, time.GetUtcNow(), body));
                    request.Headers.Add(WebhookSignature.DeliveryHeader, deliveryId);
                    request.Headers.Add(WebhookSignature.EventHeader, delivery.Event);
                    if (webhook.Format == WebhookBodies.Opsgenie)
                    {
                        request.Headers.Authorization = new AuthenticationHeaderValue("GenieKey", webhook.Secret);
                    }

                    using var response = await client.SendAsync(request, token);
                    status = (int)response.StatusCode;
                    if (!response.IsSuccessStatusCode)
                    {
                        error = $"the receiver answered {status}";
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
                {
                    error = ex.Message;
                }

                var delivered = status is >= 200 and < 300;
                var final = delivered || attempts >= settings.WebhookMaxAttempts;
                await deliveries.RecordAttemptAsync(delivery.Id, attempts, status, error, delivered, final, CancellationToken.None);
                if (!delivered)
                {
                    LogAttemptFailed(logger, delivery.Id, webhook.Name, attempts, error ?? string.Empty);
                }

                return status;
            },
            stoppingToken);
        if (code is >= 200 and < 300)
        {
            LogDelivered(logger, delivery.Id, webhook.Name, attempts);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {Id} to {Webhook} failed on attempt {Attempt}: {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, long id, string webhook, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook delivery {Id} to {Webhook} delivered after {Attempts} attempts")]
    private static partial void LogDelivered(ILogger logger, long id, string webhook, int attempts);
}
