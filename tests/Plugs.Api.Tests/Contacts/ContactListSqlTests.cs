using Plugs.Api.Features.Contacts;
using Plugs.Data.Contacts;

namespace Plugs.Api.Tests.Contacts;

/// <summary>
/// The list on PostgreSQL sends SQL of its own (<see cref="ContactListSql"/>) for the predicate that
/// everything else applies through EF (<see cref="ContactFilterValues.Predicate"/>).
/// <c>ContactFilterTests</c> hold their results equal filter by filter; these catch a filter or a
/// sort field added to one side only, before any data is involved.
/// </summary>
public sealed class ContactListSqlTests
{
    private static readonly ContactFilterValues None = new(null, null, null, null, null, null, null, null, null, null, null, null, null);

    /// <summary>A sample value for each filter type the record holds; a new type fails here until it has one.</summary>
    private static object Sample(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(ContactType) => ContactType.Plug,
        var t when t == typeof(ContactStatus) => ContactStatus.HotLead,
        var t when t == typeof(ContactPriority) => ContactPriority.High,
        var t when t == typeof(string) => "x",
        var t when t == typeof(Guid) => Guid.NewGuid(),
        var t when t == typeof(int) => 50,
        var t when t == typeof(DateTime) => DateTime.UtcNow,
        var t when t == typeof(Guid[]) => new[] { Guid.NewGuid() },
        var t => throw new InvalidOperationException($"No sample value for {t}: add one, and the filter to ContactListSql."),
    };

    [Fact]
    public void Every_filter_adds_a_term_of_its_own()
    {
        var constructor = typeof(ContactFilterValues).GetConstructors().Single();
        var parameters = constructor.GetParameters();
        var unfiltered = ContactListSql.Where(None);
        var terms = new HashSet<string>();
        for (var i = 0; i < parameters.Length; i++)
        {
            var arguments = new object?[parameters.Length];
            arguments[i] = Sample(parameters[i].ParameterType);
            var where = ContactListSql.Where((ContactFilterValues)constructor.Invoke(arguments));
            Assert.True(where.StartsWith(unfiltered, StringComparison.Ordinal) && where.Length > unfiltered.Length,
                $"{parameters[i].Name} set alone adds no SQL term: {where}");
            Assert.True(terms.Add(where[unfiltered.Length..]), $"{parameters[i].Name} adds the same term as another filter");
        }
        Assert.Equal(13, terms.Count);
    }

    [Fact]
    public void The_unfiltered_list_is_the_tenant_s_contacts_that_are_not_deleted() =>
        Assert.Equal("c.organization_id = @org AND NOT (c.is_deleted)", ContactListSql.Where(None));

    [Fact]
    public void Every_sort_field_has_its_column() =>
        Assert.Equal(ContactFilter.SortFields.Keys.Order(), ContactListSql.SortColumns.Keys.Order());
}
