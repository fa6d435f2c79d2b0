using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Plugs.Data.Common;

/// <summary>Stores UTC and reads back as UTC on providers that drop the kind.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
