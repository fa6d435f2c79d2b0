namespace Plugs.Api.Features.Events;

/// <summary>Attendees and speakers are users or contacts of the caller's organization; anyone else is 404.</summary>
internal static class People
{
    public static async Task EnsureAsync(PlugsDbContext db, Guid? userId, Guid? contactId, CancellationToken ct)
    {
        if (userId is { } user && !await db.Users.AnyAsync(u => u.Id == user, ct))
        {
            throw ProblemException.NotFound("user");
        }
        if (contactId is { } contact && !await db.Contacts.AnyAsync(c => c.Id == contact, ct))
        {
            throw ProblemException.NotFound("contact");
        }
    }

    public static async Task EnsureEventAsync(PlugsDbContext db, Guid eventId, CancellationToken ct)
    {
        if (!await db.Events.AnyAsync(e => e.Id == eventId, ct))
        {
            throw ProblemException.NotFound("event");
        }
    }
}
