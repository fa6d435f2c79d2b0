using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Demo;

/// <summary>
/// The demo's 300 contacts: realistic names from many places (accents included, so that
/// <c>q=jose</c> finding José can be tried), companies, titles, notes and tags, drawn from a seeded
/// random so every run makes the same people. The showcase people of <see cref="DemoNetwork"/> come first.
/// </summary>
internal static class DemoPeople
{
    public const int Plugs = 40;
    public const int Known = 110;
    public const int Targets = 150;

    private static readonly string[] FirstNames =
    [
        "María", "Lucía", "Mateo", "Ana", "João", "Inês", "Tomás", "Émile", "Hélène", "Aurélie", "Noémie", "Renée", "François",
        "Zoë", "Jürgen", "Léa", "Łukasz", "Katarzyna", "Zofia", "Astrid", "Mikael", "Oona", "Freya", "Ole", "Ciarán", "Siobhán",
        "Niamh", "Malik", "Aisha", "Fatima", "Omar", "Leila", "Olumide", "Chinedu", "Yaw", "Wei", "Mei", "Yuki", "Kenji", "Min-jun",
        "Ji-woo", "Arjun", "Ananya", "Rohan", "Dmitri", "Irina", "Liam", "Emma", "Noah", "Olivia", "Ethan", "Ava", "Mason",
        "Isabella", "David", "Sarah", "Michael", "Laura", "Daniel", "Rachel", "James", "Grace", "Samuel", "Hannah", "Benjamin",
        "Nadia", "Gabriel", "Valentina", "Diego", "Camila", "Andrés", "Paula", "Hugo", "Clara", "Felipe",
    ];

    private static readonly string[] LastNames =
    [
        "García", "Núñez", "Hernández", "López", "Fernández", "Müller", "Schäfer", "Köhler", "Dubois", "Girard", "Lefèbvre", "Rousseau",
        "Nguyễn", "Trần", "Åberg", "Sørensen", "Kowalski", "Wójcik", "O'Brien", "Gallagher", "Adeyemi", "Boateng", "Okeke", "Chen",
        "Wang", "Zhang", "Sato", "Suzuki", "Kim", "Park", "Patel", "Sharma", "Iyer", "Silva", "Souza", "Costa", "Rossi", "Bianchi",
        "Smith", "Johnson", "Brown", "Taylor", "Walker", "Harris", "Clarke", "Evans", "Cohen", "Haddad", "Khan", "Ivanova", "Petrov",
        "Novak", "Horvat", "Jansen", "de Vries", "Virtanen", "Korhonen", "Andersson", "Berg", "Ramírez", "Castillo", "Ortega",
    ];

    /// <summary>(company, industry, domain).</summary>
    private static readonly (string Name, string Industry, string Domain)[] Companies =
    [
        ("Lumen Ventures", "venture capital", "lumen.vc"), ("Contoso Cloud", "software", "contoso-cloud.example"),
        ("Northwind Robotics", "robotics", "northwind-robotics.example"), ("Kaiju Ventures", "venture capital", "kaiju.vc"),
        ("Atelier Capital", "private equity", "atelier-capital.example"), ("Nordlys Energy", "energy", "nordlys.example"),
        ("Fabrikam Health", "healthcare", "fabrikam-health.example"), ("Tailspin Logistics", "logistics", "tailspin.example"),
        ("Café Société", "hospitality", "cafe-societe.example"), ("Bluefin Payments", "fintech", "bluefin.example"),
        ("Greenleaf Foods", "food", "greenleaf.example"), ("Orbital Analytics", "software", "orbital.example"),
        ("Meridian Bank", "banking", "meridian.example"), ("Kestrel Security", "cybersecurity", "kestrel.example"),
        ("Solaria Grid", "energy", "solaria.example"), ("Haven Insurance", "insurance", "haven.example"),
        ("Quokka Labs", "biotech", "quokka.example"), ("Ironbridge Partners", "consulting", "ironbridge.example"),
        ("Pinecone Media", "media", "pinecone-media.example"), ("Vireo Mobility", "mobility", "vireo.example"),
        ("Atlas Freight", "logistics", "atlas-freight.example"), ("Brightwave Studios", "media", "brightwave.example"),
        ("Cobalt Mining", "mining", "cobalt.example"), ("Mosaic HR", "software", "mosaic-hr.example"),
        ("Tidewater Realty", "real estate", "tidewater.example"), ("Zephyr Aero", "aerospace", "zephyr.example"),
        ("Lighthouse Legal", "legal", "lighthouse.example"), ("Ember Climate", "climate", "ember.example"),
        ("Riverstone Retail", "retail", "riverstone.example"), ("Sakura Design", "design", "sakura.example"),
    ];

    private static readonly string[] PlugTitles = ["Partner", "Angel Investor", "Venture Partner", "Community Lead", "Advisor", "Board Member", "Founder & CEO"];
    private static readonly string[] KnownTitles = ["Product Manager", "Engineering Manager", "Head of Sales", "Account Executive", "Designer", "CFO", "Operations Lead", "Marketing Director"];
    private static readonly string[] TargetTitles = ["CTO", "CEO", "VP Engineering", "Head of Partnerships", "Chief Revenue Officer", "VP Sales", "Head of Procurement", "COO"];

    private static readonly string[] Notes =
    [
        "Met at the Founders & Funders Summit; wants to hear about our Q3 roadmap.",
        "Prefers a short call over e-mail. Mornings CET work best.",
        "Introduced by a mutual friend; follow up after their funding round closes.",
        "Very responsive on LinkedIn. Interested in a pilot.",
        "Knows everyone in the Nordic climate scene.",
        "Asked for a case study from a similar customer.",
        "Speaks at many conferences — good for event invitations.",
        "Budget cycle starts in January; reconnect in November.",
        "Former colleague; happy to make introductions.",
        "Café near their office is where they like to meet.",
    ];

    public static readonly string[] TagNames = ["investor", "founder", "vip", "press", "angel", "met-at-summit", "warm-intro", "enterprise", "fintech", "climate", "Advisor"];

    /// <summary>One person of the showcase: who they are and where they work (index into <see cref="Companies"/>).</summary>
    public sealed record Showcase(string FirstName, string LastName, ContactType Type, string Title, int Company);

    public static List<Contact> Make(Random random, IReadOnlyList<Showcase> showcase)
    {
        var contacts = showcase.Select(s => Contact(s.FirstName, s.LastName, s.Type, s.Title, Companies[s.Company], random)).ToList();
        var taken = contacts.Select(c => c.FirstName + " " + c.LastName).ToHashSet(StringComparer.Ordinal);
        foreach (var (type, count) in new[] { (ContactType.Plug, Plugs), (ContactType.Contact, Known), (ContactType.Target, Targets) })
        {
            var titles = type switch { ContactType.Plug => PlugTitles, ContactType.Contact => KnownTitles, _ => TargetTitles };
            while (contacts.Count(c => c.ContactType == type) < count)
            {
                var first = FirstNames[random.Next(FirstNames.Length)];
                var last = LastNames[random.Next(LastNames.Length)];
                if (taken.Add(first + " " + last))
                {
                    contacts.Add(Contact(first, last, type, titles[random.Next(titles.Length)], Companies[random.Next(Companies.Length)], random));
                }
            }
        }
        return contacts;
    }

    private static Contact Contact(string first, string last, ContactType type, string title, (string Name, string Industry, string Domain) company, Random random) => new()
    {
        FirstName = first,
        LastName = last,
        Email = $"{Mailbox(first)}.{Mailbox(last)}@{company.Domain}",
        Phone = random.Next(3) == 0 ? null : $"+{random.Next(1, 50)} {random.Next(100, 999)} {random.Next(100, 999)} {random.Next(1000, 9999)}",
        Company = company.Name,
        JobTitle = title,
        LinkedinUrl = $"https://www.linkedin.com/in/{Mailbox(first)}-{Mailbox(last)}",
        ContactType = type,
        Status = type == ContactType.Target
            ? (random.Next(3) == 0 ? ContactStatus.HotLead : ContactStatus.ColdLead)
            : (ContactStatus)random.Next(4),
        Priority = (ContactPriority)random.Next(3),
        Industry = company.Industry,
        NetworkType = type == ContactType.Plug ? "connector" : null,
        Notes = random.Next(3) == 0 ? null : Notes[random.Next(Notes.Length)],
    };

    /// <summary>A name as an e-mail address part: accents dropped, a few letters spelled out, then only ASCII letters.</summary>
    private static string Mailbox(string name) =>
        string.Concat(Data.Common.TextFolding.CaseAndAccents(name)
            .Replace("ł", "l", StringComparison.Ordinal).Replace("ø", "o", StringComparison.Ordinal).Replace("ß", "ss", StringComparison.Ordinal)
            .Where(char.IsAsciiLetterLower));
}
