namespace Plugs.Api.Features.Webhooks;

/// <summary>
/// Runs <see cref="WebhookDeliveries"/> for the life of the process: a pass whenever the last one
/// found work, else every <see cref="WebhookDeliveryOptions.PollInterval"/>. Every instance runs
/// one; they share the work through leases. A failed pass (the database away) is logged and the
/// next one starts after the interval: nothing is lost, the outbox keeps it.
/// </summary>
internal sealed class WebhookDeliveryWorker(WebhookDeliveries deliveries, WebhookDeliveryOptions options, ILogger<WebhookDeliveryWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.WorkerEnabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await deliveries.RunOnceAsync(stoppingToken) > 0)
                {
                    continue;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "A webhook delivery pass failed");
            }
            try
            {
                await Task.Delay(options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

public static class WebhookSetup
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Webhooks").Get<WebhookDeliveryOptions>() ?? new WebhookDeliveryOptions();
        services.AddSingleton(options);
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookRetrySchedule>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookDeliveries>();
        services.AddScoped<WebhookOutcomes>();
        services.AddHostedService<WebhookDeliveryWorker>();
        return services;
    }
}
