using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Plugs.Api.Tests.Infrastructure;
using Plugs.Api.Tests.Jobs;
using Plugs.Data;
using Plugs.Data.Audit;
using static Plugs.Api.Tests.Audit.AuditApi;

namespace Plugs.Api.Tests.Audit;

/// <summary>Secrets never reach the audit log; the actions of signing in and out, passwords, roles, invitations and exports are in it.</summary>
public abstract partial class AuditSecurityTests(PlugsApiFactory api)
{
    /// <summary>Secret-looking names that are not secrets, and why.</summary>
    private static readonly Dictionary<string, string> NotSecrets = new()
    {
        ["Contact.LinkedinKey"] = "the profile URL's folded matching key (derived from linkedin_url, not a credential)",
        ["WebhookSubscription.PreviousSecretExpiresAt"] = "when the previous signing secret stops signing: a time, not the secret",
    };

    [GeneratedRegex("hash|secret|token|password|credential|key", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLooking();

    [Fact]
    public void Every_secret_looking_property_of_the_model_is_redacted()
    {
        using var scope = api.Services.CreateScope();
        var model = scope.ServiceProvider.GetRequiredService<PlugsDbContext>().Model;
        var unredacted = model.GetEntityTypes()
            .SelectMany(e => e.GetProperties().Select(p => (Name: $"{e.ClrType.Name}.{p.Name}", Property: p)))
            .Where(p => p.Property.PropertyInfo is not null && !p.Property.IsKey() && !p.Property.IsForeignKey()
                && SecretLooking().IsMatch(p.Property.Name) && !AuditTrail.IsRedacted(p.Property) && !NotSecrets.ContainsKey(p.Name))
            .Select(p => p.Name)
            .ToList();
        Assert.True(unredacted.Count == 0, "Mark [AuditRedacted] (or explain here why it is no secret): " + string.Join(", ", unredacted));
        // Every tenant table is audited unless it says why not.
        Assert.Contains(model.GetEntityTypes(), e => e.ClrType == typeof(Plugs.Data.Users.User) && AuditTrail.IsAudited(e));
    }

    [Fact]
    public async Task Sign_in_password_change_invitations_and_exports_are_actions_and_no_secret_is_stored()
    {
        var admin = await api.RegisterAsync();
        using var anonymous = api.CreateAnonymousClient();
        const string wrong = "not the password at all 123";
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = admin.Email, password = wrong })).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = Accounts.NewEmail("nobody"), password = wrong })).ProblemAsync(HttpStatusCode.Unauthorized);
        var login = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = admin.Email, password = admin.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var refresh = (await login.JsonAsync())["refresh_token"]!.GetValue<string>();

        const string newPassword = "a brand new passphrase 456";
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PostAsJsonAsync("/api/v1/auth/change-password", new { current_password = admin.Password, new_password = newPassword })).StatusCode);
        var relogin = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = admin.Email, password = newPassword });
        var fresh = await Accounts.ToAccountAsync(api, relogin, admin.Email, newPassword);

        var email = Accounts.NewEmail("invitee");
        var member = await api.AddMemberAsync(fresh, email: email);
        var invitationToken = await Mailbox.TokenSentToAsync(api, email, "accept-invitation");
        var revokedEmail = Accounts.NewEmail("revoked");
        var invite = await fresh.Client.PostAsJsonAsync("/api/v1/auth/invitations", new { email = revokedEmail });
        var revoked = (await invite.JsonAsync())["id"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.NoContent, (await fresh.Client.DeleteAsync($"/api/v1/auth/invitations/{revoked}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fresh.Client.PatchAsJsonAsync($"/api/v1/users/{member.UserId}", new { is_admin = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fresh.Client.GetAsync("/api/v1/contacts/export?format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await member.Client.PostAsync("/api/v1/auth/logout", null)).StatusCode);

        var actions = (await ListAsync(fresh, "?limit=1000")).Select(Action).ToList();
        foreach (var expected in new[] { "sign_in_failed", "signed_in", "password_changed", "invitation_created", "invitation_accepted", "invitation_revoked", "role_changed", "exported", "signed_out" })
        {
            Assert.Contains(expected, actions);
        }
        var failed = Assert.Single(await ListAsync(fresh, "?action=sign_in_failed"));
        Assert.Equal(admin.UserId, failed!["user_id"]!.GetValue<Guid>());
        Assert.Equal(admin.Email, failed["new_values"]!["email"]!.GetValue<string>());
        var passwordRow = Assert.Single(await ListAsync(fresh, $"?entity_type=users&entity_id={admin.UserId}&action=updated"), r => r!["new_values"]!.AsObject().ContainsKey("password_hash"));
        Assert.Equal("[redacted]", passwordRow!["new_values"]!["password_hash"]!.GetValue<string>());
        Assert.Equal("[redacted]", passwordRow["old_values"]!["password_hash"]!.GetValue<string>());

        var text = await AllAuditTextAsync(api);
        foreach (var secret in new[] { Accounts.Password, wrong, newPassword, invitationToken, refresh, admin.RefreshToken, admin.AccessToken, "pbkdf2", "PBKDF2" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
        Assert.Contains("[redacted]", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_log_is_append_only_and_only_the_retention_purge_removes_rows_older_than_its_cutoff()
    {
        var admin = await api.RegisterAsync();
        for (var i = 0; i < 3; i++)
        {
            await Contacts.ContactTests.CreateAsync(admin, new { first_name = $"R{i}", last_name = "Retained" });
        }
        var rows = await ListAsync(admin, "?sort=created_at&limit=1000");
        await AssertRefusedAsync("UPDATE audit_logs SET action = 'created'");
        await AssertRefusedAsync("DELETE FROM audit_logs");
        if (api.IsPostgres)
        {
            await AssertRefusedAsync("TRUNCATE audit_logs");
        }
        Assert.Equal(rows.Count, (await ListAsync(admin, "?limit=1000")).Count);

        // Rows older than the cutoff go, in every organization; newer ones stay.
        var cutoff = rows[^1]!["created_at"]!.GetValue<DateTime>();
        long purged;
        using (var scope = api.Services.CreateScope())
        {
            purged = await AuditRetention.PurgeAsync(scope.ServiceProvider.GetRequiredService<PlugsDbContext>(), cutoff.AddYears(-1), default);
        }
        Assert.Equal(0, purged);
        Assert.Equal(rows.Count, (await ListAsync(admin, "?limit=1000")).Count);
        var other = await api.RegisterAsync();
        using (var scope = api.Services.CreateScope())
        {
            purged = await AuditRetention.PurgeAsync(scope.ServiceProvider.GetRequiredService<PlugsDbContext>(), cutoff, default);
        }
        Assert.True(purged >= rows.Count - 1, $"{purged}");
        var left = await ListAsync(admin, "?limit=1000");
        Assert.All(left, r => Assert.True(r!["created_at"]!.GetValue<DateTime>() >= cutoff));
        Assert.Contains(left, r => r!["id"]!.GetValue<Guid>() == rows[^1]!["id"]!.GetValue<Guid>());
        Assert.NotEmpty(await ListAsync(other, "?limit=1000"));

        // The retention job's entry point keeps a year by default: nothing this recent goes.
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var retention = scope.ServiceProvider.GetRequiredService<Plugs.Api.Features.Audit.AuditRetentionPurge>();
            Assert.Equal(365, retention.RetentionDays);
            Assert.Equal(0, await retention.PurgeExpiredAsync(default));
        }
        // And it is scheduled: the job runs through the scheduler's runner.
        var run = await api.Services.RunJobAsync("audit_retention");
        Assert.Equal("succeeded", run.Outcome);
        Assert.Equal("deleted audit_logs 0", run.Summary);
        Assert.Equal(left.Count, (await ListAsync(admin, "?limit=1000")).Count);
    }

    private async Task AssertRefusedAsync(string sql)
    {
        if (api is PostgresApiFactory pg)
        {
            await using var connection = new NpgsqlConnection(pg.AppConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
            return;
        }
        await using var sqlite = new SqliteConnection(SqliteConnectionString(api));
        await sqlite.OpenAsync();
        await using var cmd = sqlite.CreateCommand();
        cmd.CommandText = sql;
        var refused = await Assert.ThrowsAsync<SqliteException>(() => cmd.ExecuteNonQueryAsync());
        Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
    }
}

public sealed class AuditSecurityTestsOnSqlite(SqliteApiFactory api) : AuditSecurityTests(api), IClassFixture<SqliteApiFactory>;

public sealed class AuditSecurityTestsOnPostgres(PostgresApiFactory api) : AuditSecurityTests(api), IClassFixture<PostgresApiFactory>;
