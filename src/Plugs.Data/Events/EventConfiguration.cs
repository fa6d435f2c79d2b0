using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plugs.Data.Common;
using Plugs.Data.Contacts;
using Plugs.Data.Users;

namespace Plugs.Data.Events;

/// <summary>The guide's Phase 3 <c>events</c> table, plus the checks the API relies on (budget, currency, capacity).</summary>
internal sealed class EventConfiguration : IEntityTypeConfiguration<Event>
{
    public void Configure(EntityTypeBuilder<Event> b)
    {
        b.ToTable("events", t =>
        {
            t.HasCheckConstraint("events_date_range", "end_date > start_date");
            t.HasCheckConstraint("events_event_type_check", EnumNames.CheckIn<EventType>("event_type"));
            t.HasCheckConstraint("events_status_check", EnumNames.CheckIn<EventStatus>("status"));
            t.HasCheckConstraint("events_budget_check", "budget >= 0");
            // Portable spelling of ^[A-Z]{3}$ (no regex in SQLite); the API checks the exact shape.
            t.HasCheckConstraint("events_currency_check", "length(currency) = 3 AND upper(currency) = currency");
            t.HasCheckConstraint("events_max_attendees_check", "max_attendees IS NULL OR max_attendees > 0");
            t.HasCheckConstraint("events_current_attendees_check", "current_attendees >= 0");
        });
        b.HasGuideDefaults();
        b.BelongsToOrganization();
        b.Property(x => x.CreatedBy).IsRequired();
        b.HasUserStamps();
        b.Property(x => x.Title).HasMaxLength(255);
        b.Property(x => x.EventType).HasMaxLength(20).HasConversion<SnakeCaseEnumConverter<EventType>>().HasDefaultValue(EventType.Networking);
        b.Property(x => x.Status).HasMaxLength(20).HasConversion<SnakeCaseEnumConverter<EventStatus>>().HasDefaultValue(EventStatus.Draft);
        b.Property(x => x.Timezone).HasMaxLength(50).HasDefaultValue("UTC");
        b.Property(x => x.Location).HasMaxLength(255);
        b.Property(x => x.Venue).HasMaxLength(255);
        b.Property(x => x.VenueDetails).HasColumnType(ColumnTypes.Json).HasDefaultValueSql("'{}'");
        b.Property(x => x.Budget).HasPrecision(12, 2).HasDefaultValue(0m);
        b.Property(x => x.Currency).HasMaxLength(3).HasDefaultValue("USD");
        b.Property(x => x.CurrentAttendees).HasDefaultValue(0);
        b.Property(x => x.RegistrationUrl).HasMaxLength(500);
        b.Property(x => x.Settings).HasColumnType(ColumnTypes.Json).HasDefaultValueSql("'{}'");
        b.Property(x => x.Metadata).HasColumnType(ColumnTypes.Json).HasDefaultValueSql("'{}'");
        // Tenant-led: lists are "this organization's events by date", filtered by status or type.
        b.HasIndex(x => new { x.OrganizationId, x.StartDate, x.Id }, "idx_events_org_start").HasDatabaseName("idx_events_org_start").HasFilter(Sql.NotDeleted);
        b.HasIndex(x => new { x.OrganizationId, x.Status }, "idx_events_org_status").HasDatabaseName("idx_events_org_status").HasFilter(Sql.NotDeleted);
    }
}

internal sealed class EventAttendeeConfiguration : IEntityTypeConfiguration<EventAttendee>
{
    public void Configure(EntityTypeBuilder<EventAttendee> b)
    {
        b.ToTable("event_attendees", t =>
        {
            t.HasCheckConstraint("event_attendees_one_person", "(user_id IS NULL) <> (contact_id IS NULL)");
            t.HasCheckConstraint("event_attendees_role_check", EnumNames.CheckIn<AttendeeRole>("role"));
            t.HasCheckConstraint("event_attendees_status_check", EnumNames.CheckIn<AttendeeStatus>("status"));
            t.HasCheckConstraint("event_attendees_waitlist_check",
                "(status = 'waitlisted' AND waitlist_position >= 1) OR (status <> 'waitlisted' AND waitlist_position IS NULL)");
        });
        b.HasGuideDefaults();
        b.BelongsToOrganization();
        b.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<Contact>().WithMany().HasForeignKey(x => x.ContactId).OnDelete(DeleteBehavior.Cascade);
        b.HasUserStamps();
        b.Property(x => x.Role).HasMaxLength(20).HasConversion<SnakeCaseEnumConverter<AttendeeRole>>().HasDefaultValue(AttendeeRole.Attendee);
        b.Property(x => x.Status).HasMaxLength(20).HasConversion<SnakeCaseEnumConverter<AttendeeStatus>>().HasDefaultValue(AttendeeStatus.Registered);
        b.Property(x => x.Metadata).HasColumnType(ColumnTypes.Json).HasDefaultValueSql("'{}'");
        // One live registration per person per event; a cancelled one may be followed by a new one.
        const string live = "status <> 'cancelled' AND NOT is_deleted";
        b.HasIndex(x => new { x.EventId, x.UserId }, "event_attendees_event_user_key").HasDatabaseName("event_attendees_event_user_key")
            .IsUnique().HasFilter($"user_id IS NOT NULL AND {live}");
        b.HasIndex(x => new { x.EventId, x.ContactId }, "event_attendees_event_contact_key").HasDatabaseName("event_attendees_event_contact_key")
            .IsUnique().HasFilter($"contact_id IS NOT NULL AND {live}");
        b.HasIndex(x => new { x.EventId, x.Status, x.WaitlistPosition }, "idx_event_attendees_event_status")
            .HasDatabaseName("idx_event_attendees_event_status").HasFilter(Sql.NotDeleted);
        b.HasIndex(x => x.UserId, "idx_event_attendees_user").HasDatabaseName("idx_event_attendees_user").HasFilter(Sql.NotDeleted);
        b.HasIndex(x => x.ContactId, "idx_event_attendees_contact").HasDatabaseName("idx_event_attendees_contact").HasFilter(Sql.NotDeleted);
    }
}

internal sealed class EventAgendaItemConfiguration : IEntityTypeConfiguration<EventAgendaItem>
{
    public void Configure(EntityTypeBuilder<EventAgendaItem> b)
    {
        b.ToTable("event_agenda_items", t =>
        {
            t.HasCheckConstraint("event_agenda_items_time_range", "end_time > start_time");
            t.HasCheckConstraint("event_agenda_items_item_type_check", EnumNames.CheckIn<AgendaItemType>("item_type"));
            t.HasCheckConstraint("event_agenda_items_one_speaker", "speaker_user_id IS NULL OR speaker_contact_id IS NULL");
        });
        b.HasGuideDefaults();
        b.BelongsToOrganization();
        b.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.SpeakerUserId).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<Contact>().WithMany().HasForeignKey(x => x.SpeakerContactId).OnDelete(DeleteBehavior.SetNull);
        b.HasUserStamps();
        b.Property(x => x.Title).HasMaxLength(255);
        b.Property(x => x.ItemType).HasMaxLength(20).HasConversion<SnakeCaseEnumConverter<AgendaItemType>>().HasDefaultValue(AgendaItemType.Session);
        b.Property(x => x.Location).HasMaxLength(255);
        b.Property(x => x.SortOrder).HasDefaultValue(0);
        b.HasIndex(x => new { x.EventId, x.StartTime }, "idx_event_agenda_items_event_start").HasDatabaseName("idx_event_agenda_items_event_start").HasFilter(Sql.NotDeleted);
        b.HasIndex(x => x.SpeakerUserId, "idx_event_agenda_items_speaker_user").HasDatabaseName("idx_event_agenda_items_speaker_user").HasFilter(Sql.NotDeleted);
        b.HasIndex(x => x.SpeakerContactId, "idx_event_agenda_items_speaker_contact").HasDatabaseName("idx_event_agenda_items_speaker_contact").HasFilter(Sql.NotDeleted);
    }
}
