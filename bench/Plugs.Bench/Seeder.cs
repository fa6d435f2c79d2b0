using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Plugs.Data.Contacts;

namespace Plugs.Bench;

/// <summary>
/// Fills the contacts table with binary COPY: <c>--contacts</c> rows for the organization
/// <c>--organization</c> (already registered through the API, so its admin can sign in), and
/// <c>--filler-organizations</c> more organizations holding <c>--filler-contacts</c> each, so the
/// table holds far more than one tenant. Deterministic (seeded random). Runs as a superuser:
/// COPY into tables with row-level security needs to bypass it.
/// </summary>
public static class Seeder
{
    private static readonly string[] FirstNames = ["Ada", "Alan", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Radia", "Tim", "Frances", "John", "Katherine", "Edsger", "Hedy", "Donald", "Sophie", "Guido", "Anita", "Bjarne"];
    private static readonly string[] LastNames = ["Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Perlman", "Berners-Lee", "Allen", "McCarthy", "Johnson", "Dijkstra", "Lamarr", "Knuth", "Wilson", "van Rossum", "Borg", "Stroustrup"];
    private static readonly string[] Industries = ["software", "finance", "health", "retail", "media", "energy", "education", "logistics", "biotech", "gaming", "legal", "real estate", "travel", "food", "automotive", "telecom", "insurance", "agriculture", "security", "consulting"];
    private static readonly string[] Types = ["target", "target", "target", "contact", "contact", "plug"];
    private static readonly string[] Statuses = ["new_client", "existing_client", "hot_lead", "cold_lead", "cold_lead"];
    private static readonly string[] Priorities = ["high", "medium", "medium", "low"];

    public static async Task<int> RunAsync(Options options)
    {
        var connection = options.Get("connection");
        var organization = Guid.Parse(options.Get("organization"));
        var contacts = options.Number("contacts", 100_000);
        var fillerOrganizations = options.Number("filler-organizations", 9);
        var fillerContacts = options.Number("filler-contacts", 100_000);
        var random = new Random(42);
        var clock = Stopwatch.StartNew();

        await using var db = await NpgsqlDataSource.Create(connection).OpenConnectionAsync();
        var owner = await ScalarAsync<Guid>(db, "SELECT id FROM users WHERE organization_id = $1 ORDER BY created_at LIMIT 1", organization);
        await CopyContactsAsync(db, organization, owner, contacts, random);
        for (var i = 0; i < fillerOrganizations; i++)
        {
            var (org, user) = await CreateOrganizationAsync(db, i);
            await CopyContactsAsync(db, org, user, fillerContacts, random);
        }
        await using (var analyze = new NpgsqlCommand("VACUUM ANALYZE contacts", db))
        {
            analyze.CommandTimeout = 600;
            await analyze.ExecuteNonQueryAsync();
        }
        var total = await ScalarAsync<long>(db, "SELECT count(*) FROM contacts", null);
        Console.WriteLine($"seeded: {total} contacts in the table, {contacts} in {organization}, in {clock.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }

    private static async Task<(Guid Organization, Guid User)> CreateOrganizationAsync(NpgsqlConnection db, int index)
    {
        var org = Guid.CreateVersion7();
        var user = Guid.CreateVersion7();
        await using var batch = new NpgsqlBatch(db)
        {
            BatchCommands =
            {
                new("INSERT INTO organizations (id, name, subscription_plan, settings, is_active, is_deleted, created_at, updated_at) VALUES ($1, $2, 'free', '{}', true, false, now(), now())")
                {
                    Parameters = { new() { Value = org }, new() { Value = $"Filler {index}" } },
                },
                new("""
                    INSERT INTO users (id, organization_id, email, password_hash, first_name, last_name, is_active, is_verified, is_admin, is_deleted, created_at, updated_at)
                    VALUES ($1, $2, $3, 'not-a-login', 'Filler', 'Admin', true, true, true, false, now(), now())
                    """)
                {
                    Parameters = { new() { Value = user }, new() { Value = org }, new() { Value = $"filler{index}@bench.example" } },
                },
            },
        };
        await batch.ExecuteNonQueryAsync();
        return (org, user);
    }

    private static async Task CopyContactsAsync(NpgsqlConnection db, Guid organization, Guid user, int count, Random random)
    {
        var start = new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await using var writer = await db.BeginBinaryImportAsync("""
            COPY contacts (id, organization_id, created_by, updated_by, first_name, last_name, email, company, job_title,
                           contact_type, status, priority, industry, notes, metadata, lead_score, last_interaction,
                           created_at, updated_at, is_deleted, search_text)
            FROM STDIN (FORMAT BINARY)
            """);
        for (var i = 0; i < count; i++)
        {
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            var created = start.AddMinutes(random.Next(0, 3 * 365 * 24 * 60));
            var email = $"{first}.{last}.{i}@{organization:N}.example".ToLowerInvariant();
            var company = $"Company {random.Next(2000)}";
            var title = random.Next(4) == 0 ? "Founder" : "Engineer";
            await writer.StartRowAsync();
            await writer.WriteAsync(Guid.CreateVersion7(created), NpgsqlDbType.Uuid);
            await writer.WriteAsync(organization, NpgsqlDbType.Uuid);
            await writer.WriteAsync(user, NpgsqlDbType.Uuid);
            await writer.WriteAsync(user, NpgsqlDbType.Uuid);
            await writer.WriteAsync(first, NpgsqlDbType.Varchar);
            await writer.WriteAsync($"{last} {i}", NpgsqlDbType.Varchar);
            await writer.WriteAsync(email, NpgsqlDbType.Varchar);
            await writer.WriteAsync(company, NpgsqlDbType.Varchar);
            await writer.WriteAsync(title, NpgsqlDbType.Varchar);
            await writer.WriteAsync(Types[random.Next(Types.Length)], NpgsqlDbType.Varchar);
            await writer.WriteAsync(Statuses[random.Next(Statuses.Length)], NpgsqlDbType.Varchar);
            await writer.WriteAsync(Priorities[random.Next(Priorities.Length)], NpgsqlDbType.Varchar);
            await writer.WriteAsync(Industries[random.Next(Industries.Length)], NpgsqlDbType.Varchar);
            var notes = random.Next(10) == 0 ? $"met at conference {random.Next(300)}" : null;
            await writer.WriteAsync<string?>(notes, NpgsqlDbType.Text);
            await writer.WriteAsync("{}", NpgsqlDbType.Jsonb);
            await writer.WriteAsync(random.Next(101), NpgsqlDbType.Integer);
            await writer.WriteAsync<DateTime?>(random.Next(3) == 0 ? null : created.AddDays(random.Next(0, 300)), NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(created, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(created, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(false, NpgsqlDbType.Boolean);
            // What the API computes on every save (COPY bypasses it).
            await writer.WriteAsync(Contact.SearchTextOf(first, $"{last} {i}", email, company, title, notes), NpgsqlDbType.Text);
        }
        await writer.CompleteAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection db, string sql, object? parameter)
    {
        await using var command = new NpgsqlCommand(sql, db);
        if (parameter is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
