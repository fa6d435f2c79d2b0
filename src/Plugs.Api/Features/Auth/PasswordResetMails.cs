using Microsoft.Extensions.Options;
using Plugs.Api.Platform.Jobs;
using Plugs.Api.Platform.Mail;
using Plugs.Data.Auth;
using Plugs.Data.Tenancy;

namespace Plugs.Api.Features.Auth;

/// <summary>
/// The work behind <c>POST /auth/forgot-password</c>, after its answer: find the accounts of the
/// address (across organizations, <see cref="AccountDirectory"/>) and mail each active one a
/// reset link. In-process and not durable (<see cref="Backlog{T}"/>): a request queued
/// when the process stops is lost, and the person asks again.
/// </summary>
internal sealed class PasswordResetMails(IServiceScopeFactory scopes) : IBacklogWork<PasswordReset.Requested>
{
    public async Task HandleAsync(PasswordReset.Requested request, CancellationToken ct)
    {
        List<AccountCandidate> accounts;
        await using (var lookup = scopes.CreateAsyncScope())
        {
            accounts = (await AccountDirectory.FindByEmailAsync(lookup.ServiceProvider.GetRequiredService<PlugsDbContext>(), request.Email, ct))
                .Where(a => a.IsActive && a.OrganizationIsActive && (request.OrganizationId is null || a.OrganizationId == request.OrganizationId))
                .ToList();
        }
        foreach (var account in accounts)
        {
            // Each organization is its own unit of work: a scope never switches tenants.
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Enter(account.OrganizationId, account.Id);
            await SendLinkAsync(scope.ServiceProvider, account, ct);
        }
    }

    public string Describe(PasswordReset.Requested request) => "password reset mails";

    private static async Task SendLinkAsync(IServiceProvider services, AccountCandidate account, CancellationToken ct)
    {
        var options = services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var mail = services.GetRequiredService<MailOutbox>();
        var token = await services.GetRequiredService<OneTimeTokens>()
            .IssueAsync(account.Id, UserToken.ResetPassword, TimeSpan.FromMinutes(options.PasswordResetMinutes), replace: false, ct);
        var db = services.GetRequiredService<PlugsDbContext>();
        var email = await db.Users.Where(u => u.Id == account.Id).Select(u => u.Email).FirstAsync(ct);
        mail.Send(email, $"Reset your password for {account.OrganizationName}",
            $"Someone asked to reset the password of your account in {account.OrganizationName} on The Plugs.\n\n" +
            $"Choose a new password here:\n{mail.Link("reset-password", token)}\n\n" +
            $"The link expires in {options.PasswordResetMinutes} minutes. If it wasn't you, ignore this message.\n");
    }
}
