using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Plugs.Api.Tests.Contacts;
using Plugs.Api.Tests.Infrastructure;
using Plugs.Data;
using Plugs.Data.Contacts;
using Plugs.Data.Tenancy;

namespace Plugs.Api.Tests.Tenancy;

/// <summary>
/// A statement PostgreSQL refuses while binding its parameters (text with U+0000, a jsonb value with
/// an escape jsonb cannot hold) must leave nothing behind on its pooled connection for the next unit
/// of work, whoever's it is. Before FailedStatementGuard, Npgsql kept such a statement "prepared"
/// without its row description when it failed on its second use, and the next ordinary insert of
/// the same SQL on that connection failed ("Received unexpected backend message DataRow").
/// The HTTP boundary refuses those values long before the database (InputBoundaryTests), so the
/// failing units here go through the API's own pooled contexts and interceptors directly.
/// </summary>
public sealed class FailedStatementTestsOnPostgres(PostgresApiFactory api) : IClassFixture<PostgresApiFactory>
{
    private const int Workers = 4;
    private const int UnitsPerWorker = 600;

    [Fact]
    public async Task Refused_statements_interleaved_with_other_tenants_units_cause_no_collateral_errors()
    {
        Account[] tenants = [await api.RegisterAsync(organization: "Guard A"), await api.RegisterAsync(organization: "Guard B"), await api.RegisterAsync(organization: "Guard C")];
        var factory = api.Services.GetRequiredService<IDbContextFactory<PlugsDbContext>>();
        var created = new int[tenants.Length];
        var refused = 0;
        var collateral = new List<string>();

        async Task WorkerAsync(int seed)
        {
            var random = new Random(seed);
            for (var i = 0; i < UnitsPerWorker; i++)
            {
                var t = random.Next(tenants.Length);
                // Failing units often land on a statement's second use: its auto-prepare round.
                var fails = i % 2 == 1 || random.Next(4) == 0;
                var contact = new Contact { FirstName = "Guard", LastName = $"W{seed}-{i}" };
                if (fails)
                {
                    if (random.Next(2) == 0)
                    {
                        contact.FirstName = "Bad\0Name";
                    }
                    else
                    {
                        contact.Metadata = """{"note":"\u0000"}""";
                    }
                }
                try
                {
                    await SaveInUnitOfWorkAsync(factory, tenants[t], contact, inTransaction: random.Next(2) == 0);
                    if (fails)
                    {
                        lock (collateral) collateral.Add($"unit {seed}/{i} was meant to fail and did not");
                    }
                    else
                    {
                        Interlocked.Increment(ref created[t]);
                    }
                }
                catch (DbUpdateException e) when (fails && e.InnerException is PostgresException { SqlState: "22021" or "22P05" })
                {
                    Interlocked.Increment(ref refused);
                }
                catch (Exception e)
                {
                    lock (collateral) collateral.Add($"unit {seed}/{i} (meant to {(fails ? "fail" : "succeed")}): {e.GetBaseException().Message}");
                }
            }
        }

        // Alongside, the tenants' own requests through HTTP share the same connection pool.
        async Task<List<HttpStatusCode>> RequestsAsync()
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 60; i++)
            {
                var account = tenants[i % tenants.Length];
                var response = await account.Client.PostAsync("/api/v1/contacts/",
                    Accounts.Json("""{"first_name":"Http","last_name":"Request","metadata":{"n":1}}"""));
                statuses.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref created[i % tenants.Length]);
                }
                statuses.Add((await account.Client.GetAsync("/api/v1/contacts/?limit=5")).StatusCode);
            }
            return statuses;
        }

        var http = RequestsAsync();
        await Task.WhenAll(Enumerable.Range(1, Workers).Select(WorkerAsync));
        var statuses = await http;

        Assert.Empty(collateral);
        Assert.True(refused > UnitsPerWorker, $"only {refused} units were refused");
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Created or HttpStatusCode.OK, $"HTTP answered {(int)s}"));
        for (var t = 0; t < tenants.Length; t++)
        {
            var response = await tenants[t].Client.GetAsync("/api/v1/contacts/?limit=1");
            Assert.Equal(created[t].ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-Total-Count").Single());
        }
    }

    private static async Task SaveInUnitOfWorkAsync(IDbContextFactory<PlugsDbContext> factory, Account account, Contact contact, bool inTransaction)
    {
        await using var db = await factory.CreateDbContextAsync();
        db.Tenant = new TenantContext();
        db.Tenant.Enter(account.OrganizationId, account.UserId);
        db.Contacts.Add(contact);
        if (!inTransaction)
        {
            await db.SaveChangesAsync();
            return;
        }
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    [Fact]
    public async Task The_tenant_setting_of_a_failed_unit_does_not_outlive_it()
    {
        var a = await api.RegisterAsync(organization: "Guard setting A");
        var b = await api.RegisterAsync(organization: "Guard setting B");
        await ContactTests.CreateAsync(b, new { first_name = "Only", last_name = "InB" });
        var factory = api.Services.GetRequiredService<IDbContextFactory<PlugsDbContext>>();
        for (var i = 0; i < 20; i++)
        {
            await Assert.ThrowsAsync<DbUpdateException>(() => SaveInUnitOfWorkAsync(factory, a, new Contact { FirstName = "x\0", LastName = "y" }, inTransaction: i % 2 == 0));
            // A unit with no tenant on the same pool sees no contacts at all.
            await using var anonymous = await factory.CreateDbContextAsync();
            anonymous.Tenant = new TenantContext();
            Assert.Equal(0, await anonymous.Contacts.IgnoreQueryFilters().CountAsync());
        }
    }
}
