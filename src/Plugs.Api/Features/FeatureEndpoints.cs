using Plugs.Api.Features.Admin;
using Plugs.Api.Features.Audit;
using Plugs.Api.Features.Auth;
using Plugs.Api.Features.Contacts;
using Plugs.Api.Features.Contacts.Transfer;
using Plugs.Api.Features.Events;
using Plugs.Api.Features.Interactions;
using Plugs.Api.Features.Network;
using Plugs.Api.Features.Organizations;
using Plugs.Api.Features.Tags;
using Plugs.Api.Features.Users;
using Plugs.Api.Features.Webhooks;
using Plugs.Api.Platform.Jobs;

namespace Plugs.Api.Features;

public static class FeatureEndpoints
{
    /// <summary>Every feature's routes under <c>/api/v1</c>.</summary>
    public static WebApplication MapFeatures(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization().RefuseUnstorableText().RefuseUnknownQueryParameters().RetryLastWriterWins().WriteETags();
        api.MapAuth();
        api.MapInvitations();
        api.MapUsers();
        api.MapOrganization();
        api.MapContacts();
        api.MapImports();
        api.MapTags();
        api.MapInteractions();
        api.MapNetwork();
        api.MapEvents();
        api.MapCalendarFeed();
        api.MapWebhookSubscriptions();
        api.MapWebhookDeliveries();
        api.MapAdminJobs();
        api.MapAuditLogs();
        return app;
    }

    public static IServiceCollection AddFeatures(this IServiceCollection services, IConfiguration configuration) =>
        EventOptions.AddEventOptions(services).AddWebhooks(configuration).AddSingleton<Demo.DemoSeeder>().AddScoped<AuthSessions>().AddScoped<SeparateAudit>().AddScoped<ContactTags>().AddScoped<OneTimeTokens>().AddScoped<EmailVerification.Sender>().AddHttpContextAccessor()
            .AddBacklog<PasswordReset.Requested, PasswordResetMails>(capacity: 10_000);
}
