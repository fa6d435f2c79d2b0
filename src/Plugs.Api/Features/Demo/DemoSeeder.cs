using Plugs.Api.Features.Contacts;
using Plugs.Api.Features.Interactions;
using Plugs.Data.Contacts;
using Plugs.Data.Organizations;
using Plugs.Data.Tenancy;
using Plugs.Data.Users;

namespace Plugs.Api.Features.Demo;

/// <summary>
/// <c>dotnet run --project src/Plugs.Api -- seed</c>: a demo organization to explore — four users
/// (sign in as <see cref="Email"/> / <see cref="Password"/>; the others share the password), 300
/// contacts with companies, titles, notes and tags, a warm-introduction graph with multi-hop paths
/// to several targets (<see cref="DemoNetwork"/>), a year of interactions and follow-ups due
/// (<see cref="DemoTimeline"/>), introductions in every state and three events
/// (<see cref="DemoEvents"/>). The same every time (a fixed random seed; dates relative to today).
/// Runs once: if the demo admin exists it changes nothing and says so.
/// </summary>
public sealed class DemoSeeder(IServiceScopeFactory scopes, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    public const string Email = "demo@theplugs.local";
    public const string Password = "plug me in please";
    public const int Seed = 2026;

    private static readonly (string First, string Last, string Email, string Title)[] Members =
    [
        ("Ana", "Souza", "ana@theplugs.local", "Partnerships Lead"),
        ("Sam", "Whitfield", "sam@theplugs.local", "Account Executive"),
        ("Mei", "Lin", "mei@theplugs.local", "Events Manager"),
    ];

    public async Task<bool> SeedAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<PlugsDbContext>();
        if ((await Data.Auth.AccountDirectory.FindByEmailAsync(db, Email, ct)).Count > 0)
        {
            logger.LogInformation("The demo is already seeded (nothing changed); sign in as {Email} with the password \"{Password}\"", Email, Password);
            return false;
        }
        var random = new Random(Seed);
        var today = clock.GetUtcNow().UtcDateTime.Date;
        var hashing = services.GetRequiredService<PasswordHashing>();
        var hash = hashing.Hash(Password);
        var organization = new Organization { Name = "Demo Network", Settings = "{}" };
        var admin = User(Email, "Dee", "Mo", "Head of Network", hash, isAdmin: true);
        var users = new List<User> { admin };
        users.AddRange(Members.Select(m => User(m.Email, m.First, m.Last, m.Title, hash, isAdmin: false)));
        services.GetRequiredService<TenantContext>().Enter(organization.Id, admin.Id);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Organizations.Add(organization);
        db.Users.AddRange(users);
        await db.SaveChangesAsync(ct);

        var userIds = users.Select(u => u.Id).ToList();
        var contacts = DemoPeople.Make(random, DemoNetwork.Showcase);
        var tags = DemoPeople.TagNames.Select(n => new Tag { Name = n }).ToList();
        var relationships = DemoNetwork.Relationships(random, contacts);
        var events = DemoEvents.Make(random, contacts, userIds, today);
        db.Contacts.AddRange(contacts);
        db.Tags.AddRange(tags);
        db.ContactTags.AddRange(contacts.SelectMany(c => tags.OrderBy(_ => random.Next()).Take(random.Next(0, 4))
            .Select(t => new ContactTag { ContactId = c.Id, TagId = t.Id, CreatedAt = today })));
        db.ContactRelationships.AddRange(relationships);
        db.Introductions.AddRange(DemoNetwork.Introductions(random, contacts, relationships, userIds, today));
        db.ContactInteractions.AddRange(DemoTimeline.Interactions(random, contacts, userIds, today));
        db.ContactInteractions.AddRange(events.CheckIns);
        db.Events.AddRange(events.Events);
        db.EventAttendees.AddRange(events.Attendees);
        db.EventAgendaItems.AddRange(events.Agenda);
        await db.SaveChangesAsync(ct);
        // What the server derives, derived the way it always is.
        await LastInteraction.RecomputeAsync(db, db.Contacts, ct);
        await LeadScoring.DeriveAsync(db, db.Contacts, ct);
        await transaction.CommitAsync(ct);

        logger.LogInformation(
            "Demo organization created: sign in as {Email} with the password \"{Password}\" ({Count} contacts; try the intro paths to Hiroshi Tanaka, README)",
            Email, Password, contacts.Count);
        return true;
    }

    private User User(string email, string first, string last, string title, string hash, bool isAdmin) => new()
    {
        Email = email,
        PasswordHash = hash,
        FirstName = first,
        LastName = last,
        JobTitle = title,
        Company = "Demo Network",
        IsAdmin = isAdmin,
        IsVerified = true,
        VerifiedAt = clock.StoredUtcNow(),
    };
}
