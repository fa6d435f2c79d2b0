using Plugs.Data.Contacts;
using Plugs.Data.Network;

namespace Plugs.Api.Features.Demo;

/// <summary>
/// Who knows whom in the demo. A handful of showcase targets sit at the end of warm chains
/// through people who are themselves targets (so no shorter path exists): Priya Raman is two hops
/// from the plug José Martínez, Hiroshi Tanaka three from the plug Amara Okafor, Margaux Lefèvre
/// and Björn Lindqvist two. Everyone else is woven into a random graph (seeded) around the plugs,
/// which keeps away from the showcase targets and their go-betweens.
/// </summary>
internal static class DemoNetwork
{
    public static readonly DemoPeople.Showcase[] Showcase =
    [
        new("José", "Martínez", ContactType.Plug, "Partner", 0),                       // 0
        new("Amara", "Okafor", ContactType.Plug, "Angel Investor", 17),                // 1
        new("Kwame", "Mensah", ContactType.Plug, "Community Lead", 19),                // 2
        new("Søren", "Nielsen", ContactType.Plug, "Board Member", 27),                 // 3
        new("Chloé", "Laurent", ContactType.Contact, "Head of Sales", 8),              // 4
        new("Elena", "Vogel", ContactType.Target, "VP Engineering", 1),                // 5
        new("Priya", "Raman", ContactType.Target, "CTO", 2),                           // 6
        new("Lucas", "Moreau", ContactType.Target, "COO", 10),                         // 7
        new("Sofía", "Herrera", ContactType.Target, "VP Sales", 3),                    // 8
        new("Hiroshi", "Tanaka", ContactType.Target, "Head of Partnerships", 3),       // 9
        new("Théo", "Martin", ContactType.Target, "Chief Revenue Officer", 12),        // 10
        new("Margaux", "Lefèvre", ContactType.Target, "Managing Partner", 4),          // 11
        new("Ingrid", "Berg", ContactType.Target, "Head of Procurement", 5),           // 12
        new("Björn", "Lindqvist", ContactType.Target, "CEO", 5),                       // 13
    ];

    /// <summary>The showcase's first index that only the chains below may touch.</summary>
    private const int FirstSecluded = 5;

    private static readonly (int From, int To, RelationshipType Type, int Strength, string Notes)[] Chains =
    [
        (0, 5, RelationshipType.Knows, 5, "Co-invested twice; talk every month."),
        (5, 6, RelationshipType.WorksWith, 4, "Built Contoso's robotics partnership together."),
        (1, 7, RelationshipType.Friend, 5, "University friends."),
        (7, 8, RelationshipType.WorksWith, 5, "Same board."),
        (8, 9, RelationshipType.ReportsTo, 4, "Sofía reports to Hiroshi."),
        (7, 5, RelationshipType.Knows, 3, "Met at a conference."),
        (4, 10, RelationshipType.Mentor, 4, "Chloé mentored Théo."),
        (10, 11, RelationshipType.WorksWith, 5, "Théo sits on Atelier's advisory board."),
        (2, 10, RelationshipType.Knows, 3, "Community events."),
        (3, 12, RelationshipType.Friend, 5, "Sailing club."),
        (12, 13, RelationshipType.ClientOf, 4, "Ingrid buys from Björn's company."),
    ];

    private static readonly RelationshipType[] Types =
        [RelationshipType.Knows, RelationshipType.Knows, RelationshipType.WorksWith, RelationshipType.Friend, RelationshipType.Mentor, RelationshipType.ClientOf, RelationshipType.IntroducedBy];

    public static List<ContactRelationship> Relationships(Random random, IReadOnlyList<Contact> contacts)
    {
        var edges = Chains.Select(c => Edge(contacts[c.From], contacts[c.To], c.Type, c.Strength, c.Notes)).ToList();
        var pairs = Chains.Select(c => Pair(c.From, c.To)).ToHashSet();
        var open = Enumerable.Range(0, contacts.Count).Where(i => i is < FirstSecluded or >= 14).ToList();
        foreach (var i in open)
        {
            var degree = contacts[i].ContactType switch { ContactType.Plug => random.Next(6, 13), ContactType.Contact => random.Next(2, 6), _ => random.Next(0, 3) };
            for (var made = 0; made < degree;)
            {
                var j = open[random.Next(open.Count)];
                if (j != i && pairs.Add(Pair(i, j)))
                {
                    var strength = contacts[i].ContactType == ContactType.Plug ? random.Next(3, 6) : random.Next(1, 6);
                    edges.Add(Edge(contacts[i], contacts[j], Types[random.Next(Types.Length)], strength, null));
                    made++;
                }
            }
        }
        return edges;
    }

    /// <summary>Introductions in every state, asked by the organization's users of plugs for targets they know.</summary>
    public static List<Introduction> Introductions(Random random, IReadOnlyList<Contact> contacts, IReadOnlyList<ContactRelationship> edges, IReadOnlyList<Guid> users, DateTime today)
    {
        var introductions = new List<Introduction>
        {
            // José already agreed to introduce us to Elena, on the way to Priya.
            Asked(users[0], contacts[0], contacts[5], IntroductionStatus.Accepted, today.AddDays(-12), "Could you introduce us to Elena? We'd love to reach Priya Raman at Northwind."),
        };
        var byId = contacts.ToDictionary(c => c.Id);
        var candidates = edges
            .Select(e => (Plug: byId[e.FromContactId], Target: byId[e.ToContactId]))
            .Where(p => p.Plug.ContactType == ContactType.Plug && p.Target.ContactType == ContactType.Target)
            .DistinctBy(p => p.Target.Id)
            .ToList();
        var statuses = new[] { IntroductionStatus.Requested, IntroductionStatus.Accepted, IntroductionStatus.Made, IntroductionStatus.Completed, IntroductionStatus.Declined };
        for (var i = 0; i < Math.Min(14, candidates.Count); i++)
        {
            var (plug, target) = candidates[i];
            introductions.Add(Asked(users[i % users.Count], plug, target, statuses[i % statuses.Length], today.AddDays(-random.Next(5, 300)),
                $"Would you introduce me to {target.FirstName}? Happy to send a short blurb."));
        }
        return introductions;
    }

    private static Introduction Asked(Guid user, Contact plug, Contact target, IntroductionStatus status, DateTime requested, string message)
    {
        var introduction = new Introduction
        {
            RequestedBy = user,
            PlugContactId = plug.Id,
            TargetContactId = target.Id,
            Status = status,
            Message = message,
            RequestedAt = requested,
        };
        if (status != IntroductionStatus.Requested)
        {
            introduction.RespondedAt = requested.AddDays(2);
        }
        if (status is IntroductionStatus.Made or IntroductionStatus.Completed)
        {
            introduction.MadeAt = requested.AddDays(4);
        }
        if (status == IntroductionStatus.Completed)
        {
            introduction.CompletedAt = requested.AddDays(10);
            introduction.Outcome = "Met for coffee; a pilot is being scoped.";
        }
        return introduction;
    }

    private static ContactRelationship Edge(Contact from, Contact to, RelationshipType type, int strength, string? notes) =>
        new() { FromContactId = from.Id, ToContactId = to.Id, RelationshipType = type, Strength = strength, Notes = notes };

    private static (int, int) Pair(int a, int b) => a < b ? (a, b) : (b, a);
}
