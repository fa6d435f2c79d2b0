using System.Text.Json;
using Plugs.Data.Contacts;
using Plugs.Data.Events;

namespace Plugs.Api.Features.Demo;

/// <summary>
/// Three events with agendas, each in the state the API would have left it: a summit two months
/// ago (completed: most attendees checked in, each check-in an <c>event</c> interaction on the
/// contact's timeline; the rest no-shows or cancelled), a networking night in three weeks
/// (published and full, with a waitlist in arrival order and a few invitations out), and a
/// workshop still in draft. <c>current_attendees</c> counts registered + attended, as always.
/// </summary>
internal static class DemoEvents
{
    public const string Past = "Founders & Funders Summit 2026";
    public const string Upcoming = "Warm Intros Networking Night";
    public const string Draft = "Partner Planning Workshop";
    public const int UpcomingSeats = 20;
    public const int UpcomingWaitlist = 6;

    public sealed record Seeded(List<Event> Events, List<EventAttendee> Attendees, List<EventAgendaItem> Agenda, List<ContactInteraction> CheckIns);

    public static Seeded Make(Random random, IReadOnlyList<Contact> contacts, IReadOnlyList<Guid> users, DateTime today)
    {
        var attendees = new List<EventAttendee>();
        var agenda = new List<EventAgendaItem>();
        var checkIns = new List<ContactInteraction>();
        var people = contacts.Where(c => c.ContactType != ContactType.Target).OrderBy(_ => random.Next()).ToList();

        var summit = new Event
        {
            Title = Past, EventType = EventType.Conference, Status = EventStatus.Completed,
            Description = "A day of founders meeting investors, with our plugs on stage.",
            StartDate = today.AddDays(-60).AddHours(8), EndDate = today.AddDays(-60).AddHours(17),
            Timezone = "Europe/Lisbon", Location = "Lisbon", Venue = "LX Factory", Budget = 25_000m, Currency = "EUR", MaxAttendees = 150,
        };
        foreach (var (contact, i) in people.Take(36).Select((c, i) => (c, i)))
        {
            var status = i < 28 ? AttendeeStatus.Attended : i < 33 ? AttendeeStatus.NoShow : AttendeeStatus.Cancelled;
            var attendee = Attendee(summit, contact.Id, null, status, summit.StartDate.AddDays(-random.Next(5, 40)), i < 2 ? AttendeeRole.Speaker : AttendeeRole.Attendee);
            if (status == AttendeeStatus.Attended)
            {
                attendee.CheckedInAt = summit.StartDate.AddMinutes(random.Next(0, 90));
                checkIns.Add(CheckIn(summit, attendee, users[0]));
            }
            attendees.Add(attendee);
        }
        attendees.AddRange(users.Take(3).Select((u, i) => Attendee(summit, null, u, AttendeeStatus.Attended, summit.StartDate.AddDays(-45),
            i == 0 ? AttendeeRole.Organizer : AttendeeRole.Volunteer, checkedIn: summit.StartDate.AddMinutes(-30))));
        agenda.AddRange(Agenda(summit,
            ("Registration & coffee", AgendaItemType.Break, 0.5, 0.5, null, null),
            ("Opening keynote: the warm-intro economy", AgendaItemType.Keynote, 1, 1, contacts[0].Id, null),
            ("Panel: introductions that close", AgendaItemType.Panel, 2, 1, contacts[1].Id, null),
            ("Workshop: mapping your network", AgendaItemType.Workshop, 3.5, 1.5, null, users[0]),
            ("Lunch", AgendaItemType.Break, 5, 1, null, null),
            ("Fundraising in 2026", AgendaItemType.Session, 6, 1, contacts[2].Id, null),
            ("Networking drinks", AgendaItemType.Networking, 7.5, 1.5, null, null)));

        var night = new Event
        {
            Title = Upcoming, EventType = EventType.Networking, Status = EventStatus.Published,
            Description = "Plugs and founders, one room, name tags with who you want to meet.",
            StartDate = today.AddDays(21).AddHours(18), EndDate = today.AddDays(21).AddHours(21),
            Timezone = "Europe/London", Location = "London", Venue = "The Hoxton, Shoreditch", Budget = 1_500m, Currency = "GBP",
            MaxAttendees = UpcomingSeats,
        };
        var queue = people.Skip(36).Take(UpcomingSeats + UpcomingWaitlist + 4).ToList();
        var registered = today.AddDays(-20);
        for (var i = 0; i < queue.Count; i++)
        {
            registered = registered.AddHours(random.Next(2, 20));
            var status = i < UpcomingSeats ? AttendeeStatus.Registered : i < UpcomingSeats + UpcomingWaitlist ? AttendeeStatus.Waitlisted : AttendeeStatus.Invited;
            var attendee = Attendee(night, queue[i].Id, null, status, status == AttendeeStatus.Invited ? null : registered, AttendeeRole.Attendee);
            attendee.WaitlistPosition = status == AttendeeStatus.Waitlisted ? i - UpcomingSeats + 1 : null;
            attendees.Add(attendee);
        }
        agenda.AddRange(Agenda(night,
            ("Welcome and name tags", AgendaItemType.Networking, 0, 0.5, null, null),
            ("Lightning talks: my best introduction", AgendaItemType.Session, 0.5, 1, null, users[1]),
            ("Open networking", AgendaItemType.Networking, 1.5, 1.5, null, null)));

        var workshop = new Event
        {
            Title = Draft, EventType = EventType.Workshop, Status = EventStatus.Draft,
            Description = "A day with our partners planning the next quarter's introductions.",
            StartDate = today.AddDays(60).AddHours(9), EndDate = today.AddDays(60).AddHours(16),
            Timezone = "Europe/Berlin", Location = "Berlin", Venue = "Factory Görlitzer Park", Budget = 4_000m, Currency = "EUR", MaxAttendees = 30,
        };
        agenda.AddRange(Agenda(workshop,
            ("Where our introductions came from", AgendaItemType.Session, 0, 1.5, null, users[0]),
            ("Break", AgendaItemType.Break, 1.5, 0.5, null, null),
            ("Planning the next quarter", AgendaItemType.Workshop, 2, 3, contacts[3].Id, null)));

        foreach (var e in new[] { summit, night, workshop })
        {
            e.CurrentAttendees = attendees.Count(a => a.EventId == e.Id && a.Status is AttendeeStatus.Registered or AttendeeStatus.Attended);
        }
        return new Seeded([summit, night, workshop], attendees, agenda, checkIns);
    }

    private static EventAttendee Attendee(Event e, Guid? contact, Guid? user, AttendeeStatus status, DateTime? registered, AttendeeRole role, DateTime? checkedIn = null) =>
        new() { EventId = e.Id, ContactId = contact, UserId = user, Status = status, RegisteredAt = registered, Role = role, CheckedInAt = checkedIn };

    /// <summary>What <c>CheckIn</c> writes on the contact's timeline.</summary>
    private static ContactInteraction CheckIn(Event e, EventAttendee attendee, Guid user) => new()
    {
        ContactId = attendee.ContactId!.Value,
        UserId = user,
        InteractionType = InteractionType.Event,
        Subject = $"Attended {e.Title}",
        InteractionDate = attendee.CheckedInAt!.Value,
        Status = InteractionStatus.Completed,
        Metadata = JsonSerializer.Serialize(new Dictionary<string, Guid> { ["event_id"] = e.Id, ["attendee_id"] = attendee.Id }),
    };

    /// <summary>Items at offsets (hours from the event's start) and lengths in hours, in order.</summary>
    private static IEnumerable<EventAgendaItem> Agenda(Event e, params (string Title, AgendaItemType Type, double At, double Hours, Guid? Contact, Guid? User)[] items) =>
        items.Select((item, i) => new EventAgendaItem
        {
            EventId = e.Id,
            Title = item.Title,
            ItemType = item.Type,
            StartTime = e.StartDate.AddHours(item.At),
            EndTime = e.StartDate.AddHours(item.At + item.Hours),
            Location = e.Venue,
            SpeakerContactId = item.Contact,
            SpeakerUserId = item.User,
            SortOrder = i,
        });
}
