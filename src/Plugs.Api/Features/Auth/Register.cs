using Plugs.Data.Organizations;
using Plugs.Data.Tenancy;
using Plugs.Data.Users;

namespace Plugs.Api.Features.Auth;

/// <summary>Creates an organization with its first user, who is its admin, and signs that user in.</summary>
public static class Register
{
    public sealed record Request(
        string? OrganizationName, string? OrganizationDomain, string? Email, string? Password, string? FirstName, string? LastName);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.OrganizationName).NotEmpty().MaximumLength(255);
            RuleFor(x => x.OrganizationDomain).MaximumLength(255).Matches(DomainRules.Pattern).WithMessage("Must be a domain name such as example.com.");
            RuleFor(x => x.Email).ValidEmail();
            RuleFor(x => x.Password).ValidPassword();
            RuleFor(x => x.FirstName).ValidName();
            RuleFor(x => x.LastName).ValidName();
        }
    }

    public static async Task<Created<TokenResponse>> HandleAsync(
        Request request, HttpContext http, PlugsDbContext db, TenantContext tenant, PasswordHashing passwords, AuthSessions sessions,
        EmailVerification.Sender verification, AddressThrottle throttle, CancellationToken ct)
    {
        // Counted before the password is hashed: a burst from one address is cut off at its budget.
        await throttle.CountRegistrationAsync(http.Connection.RemoteIpAddress?.ToString());
        var organization = new Organization
        {
            Id = Guid.CreateVersion7(),
            Name = request.OrganizationName!.Trim(),
            Domain = DomainRules.Normalize(request.OrganizationDomain),
        };
        tenant.Enter(organization.Id);
        var user = new User
        {
            Email = CommonRules.NormalizeEmail(request.Email!),
            PasswordHash = passwords.Hash(request.Password!),
            FirstName = request.FirstName!.Trim(),
            LastName = request.LastName!.Trim(),
            IsAdmin = true,
        };
        db.Organizations.Add(organization);
        db.Users.Add(user);
        // The organization, its admin, the verification link and the session commit together, so a
        // failure anywhere leaves nothing behind for a retry to duplicate; only the mail comes after
        // the commit, and it cannot fail the request (MailOutbox).
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            throw ProblemException.Conflict("An organization with this domain already exists.", "domain_taken");
        }
        var link = await verification.IssueAsync(user, ct);
        var tokens = await sessions.StartAsync(user, ct);
        await transaction.CommitAsync(ct);
        verification.Send(user, link);
        return TypedResults.Created($"/api/v1/users/{user.Id}", tokens);
    }
}

/// <summary>Organization domains: lower-case host names.</summary>
internal static class DomainRules
{
    public const string Pattern = @"^(?=.{1,255}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$";

    public static string? Normalize(string? domain) =>
        string.IsNullOrWhiteSpace(domain) ? null : domain.Trim().ToLowerInvariant();
}
