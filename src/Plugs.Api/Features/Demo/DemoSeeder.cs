using Plugs.Api.Features.Interactions;
using Plugs.Data.Contacts;
using Plugs.Data.Events;
using Plugs.Data.Network;
using Plugs.Data.Organizations;
using Plugs.Data.Tenancy;
using Plugs.Data.Users;

namespace Plugs.Api.Features.Demo;

/// <summary>
/// <c>dotnet run --project src/Plugs.Api -- seed</c>: a demo organization to click through —
/// an admin (<see cref="Email"/> / <see cref="Password"/>), 40 contacts of every type with tags,
/// interactions, a few relationships and an introduction, and a published event. Runs once:
/// if the demo admin exists it changes nothing.
/// </summary>
public sealed class DemoSeeder(IServiceScopeFactory scopes, ILogger<DemoSeeder> logger)
{
    public const string Email = "demo@theplugs.local";
    public const string Password = "plug me in please";

    private static readonly string[] First = ["Ada", "Alan", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Radia", "Tim"];
    private static readonly string[] Last = ["Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Perlman", "Berners-Lee"];

    public async Task<bool> SeedAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<PlugsDbContext>();
        if ((await Data.Auth.AccountDirectory.FindByEmailAsync(db, Email, ct)).Count > 0)
        {
            logger.LogInformation("Demo data already present; sign in as {Email}", Email);
            return false;
        }
        var organization = new Organization { Name = "Demo Network", Settings = "{}" };
        var admin = new User
        {
            Email = Email,
            PasswordHash = services.GetRequiredService<PasswordHashing>().Hash(Password),
            FirstName = "Dee",
            LastName = "Mo",
            IsAdmin = true,
            IsVerified = true,
            VerifiedAt = DateTime.UtcNow,
        };
        services.GetRequiredService<TenantContext>().Enter(organization.Id, admin.Id);
        db.Organizations.Add(organization);
        db.Users.Add(admin);
        await db.SaveChangesAsync(ct);

        var now = DateTime.UtcNow;
        var contacts = Enumerable.Range(0, 40).Select(i => new Contact
        {
            FirstName = First[i % First.Length],
            LastName = $"{Last[(i / First.Length + i) % Last.Length]}",
            Email = $"contact{i}@demo.example",
            Company = $"Company {i % 7}",
            JobTitle = i % 3 == 0 ? "Founder" : "Partner",
            ContactType = (ContactType)(i % 3),
            Status = (ContactStatus)(i % 4),
            Priority = (ContactPriority)(i % 3),
            Industry = i % 2 == 0 ? "software" : "finance",
        }).ToList();
        db.Contacts.AddRange(contacts);
        var vip = new Tag { Name = "vip", Color = "#d4af37" };
        db.Tags.Add(vip);
        db.ContactTags.AddRange(contacts.Where((_, i) => i % 5 == 0).Select(c => new ContactTag { ContactId = c.Id, TagId = vip.Id, CreatedAt = now }));
        db.ContactInteractions.AddRange(contacts.Take(20).Select((c, i) => new ContactInteraction
        {
            ContactId = c.Id,
            UserId = admin.Id,
            InteractionType = (InteractionType)(i % 6),
            Subject = $"Catch-up #{i}",
            InteractionDate = now.AddDays(i % 4 == 0 ? 3 : -i),
            Status = i % 4 == 0 ? InteractionStatus.Scheduled : InteractionStatus.Completed,
        }));
        var plugs = contacts.Where(c => c.ContactType == ContactType.Plug).ToList();
        var targets = contacts.Where(c => c.ContactType == ContactType.Target).ToList();
        db.ContactRelationships.AddRange(plugs.Take(5).Select((p, i) => new ContactRelationship
        {
            FromContactId = p.Id, ToContactId = targets[i].Id, RelationshipType = RelationshipType.Knows, Strength = 5 - i % 3,
        }));
        db.Introductions.Add(new Introduction { RequestedBy = admin.Id, PlugContactId = plugs[0].Id, TargetContactId = targets[0].Id, RequestedAt = now, Message = "Could you introduce us?" });
        db.Events.Add(new Event
        {
            Title = "Demo Networking Night",
            EventType = EventType.Networking,
            Status = EventStatus.Published,
            StartDate = now.Date.AddDays(14).AddHours(18),
            EndDate = now.Date.AddDays(14).AddHours(21),
            Timezone = "Europe/London",
            Location = "London",
            Budget = 1500m,
            Currency = "GBP",
            MaxAttendees = 40,
        });
        await db.SaveChangesAsync(ct);
        await LastInteraction.RecomputeAsync(db, db.Contacts, ct);
        await Contacts.LeadScoring.DeriveAsync(db, db.Contacts, ct);
        logger.LogInformation("Demo organization created: sign in as {Email} with the password \"{Password}\"", Email, Password);
        return true;
    }
}
