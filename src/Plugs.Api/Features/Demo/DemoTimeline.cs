using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Demo;

/// <summary>
/// A year of interactions of every type with the demo's contacts (plugs most, targets least), a
/// few cancelled, and follow-ups still to do: scheduled interactions overdue or due this week for
/// every user, the demo admin's among them, and more later on.
/// </summary>
internal static class DemoTimeline
{
    private static readonly InteractionType[] Types = Enum.GetValues<InteractionType>();

    private static readonly Dictionary<InteractionType, string[]> Subjects = new()
    {
        [InteractionType.Meeting] = ["Coffee catch-up", "Lunch near their office", "Quarterly review", "Product demo"],
        [InteractionType.Call] = ["Intro call", "Pricing call", "Check-in call", "Reference call"],
        [InteractionType.Email] = ["Sent the deck", "Shared the case study", "Thank-you note", "Proposal sent"],
        [InteractionType.Linkedin] = ["Connected on LinkedIn", "Congratulated them on the new role", "Shared an article"],
        [InteractionType.Event] = ["Met at a meetup", "Chatted at the conference", "Panel Q&A"],
        [InteractionType.FollowUp] = ["Followed up on the proposal", "Followed up after the intro", "Sent the promised notes"],
    };

    private static readonly string[] Outcomes = ["Positive; next step agreed.", "Interested, not before next quarter.", "Asked for more details.", "Offered an introduction."];

    public static List<ContactInteraction> Interactions(Random random, IReadOnlyList<Contact> contacts, IReadOnlyList<Guid> users, DateTime today)
    {
        var interactions = new List<ContactInteraction>();
        foreach (var contact in contacts)
        {
            var count = contact.ContactType switch { ContactType.Plug => random.Next(3, 9), ContactType.Contact => random.Next(2, 7), _ => random.Next(0, 4) };
            for (var i = 0; i < count; i++)
            {
                var type = Types[(interactions.Count + i) % Types.Length];
                var cancelled = random.Next(12) == 0;
                interactions.Add(Interaction(random, contact, users[random.Next(users.Count)], type,
                    today.AddDays(-random.Next(1, 366)).AddHours(random.Next(8, 19)),
                    cancelled ? InteractionStatus.Cancelled : InteractionStatus.Completed));
            }
        }
        // Follow-ups: every user has some overdue or due within the week, then more later on.
        for (var i = 0; i < 32; i++)
        {
            var soon = i < 24;
            var due = soon ? today.AddDays(random.Next(-3, 7)).AddHours(random.Next(9, 18)) : today.AddDays(random.Next(8, 60)).AddHours(10);
            var type = i % 3 == 0 ? InteractionType.Call : i % 3 == 1 ? InteractionType.FollowUp : InteractionType.Meeting;
            interactions.Add(Interaction(random, contacts[random.Next(contacts.Count)], users[i % users.Count], type, due, InteractionStatus.Scheduled));
        }
        return interactions;
    }

    private static ContactInteraction Interaction(Random random, Contact contact, Guid user, InteractionType type, DateTime date, InteractionStatus status)
    {
        var subjects = Subjects[type];
        return new ContactInteraction
        {
            ContactId = contact.Id,
            UserId = user,
            InteractionType = type,
            Subject = status == InteractionStatus.Scheduled ? $"{subjects[random.Next(subjects.Length)]} ({contact.Company})" : subjects[random.Next(subjects.Length)],
            Description = $"{contact.FirstName} {contact.LastName}, {contact.JobTitle} at {contact.Company}.",
            Outcome = status == InteractionStatus.Completed ? Outcomes[random.Next(Outcomes.Length)] : null,
            InteractionDate = date,
            Status = status,
        };
    }
}
