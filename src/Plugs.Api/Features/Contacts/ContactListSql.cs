using System.Runtime.CompilerServices;
using System.Text;
using Npgsql;
using Plugs.Data.Common;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Contacts;

/// <summary>
/// The contact list on PostgreSQL, read with Npgsql on the request's connection instead of through
/// EF Core's query pipeline: the API's busiest read, where EF's per-execution work (its command
/// cache, a delegate created per execution for every shaper, its reader and shaper layers) cost
/// 15 % of the list's throughput even with compiled queries (bench/README.md). The SQL is the one
/// EF generates for <see cref="ContactFilterValues.Predicate"/> and
/// <see cref="ContactResponse.ProjectionOf"/>, term for term. <c>ContactFilterTests</c> hold its
/// results equal to EF's for every filter and sort order, <c>ContactListingTests</c> a listed contact
/// equal to the contact itself, and <c>ContactListSqlTests</c> fail when a filter has no term here.
/// SQLite (and searches composed rather than read as ids) keep the EF path.
/// </summary>
internal sealed class ContactListSql
{
    /// <summary>The SQL expression behind each sort field of <see cref="ContactFilter.SortFields"/>.</summary>
    internal static readonly Dictionary<string, string> SortColumns = new()
    {
        ["created_at"] = "c.created_at",
        ["updated_at"] = "c.updated_at",
        ["first_name"] = "c.first_name",
        ["last_name"] = "c.last_name",
        ["company"] = "c.company",
        ["lead_score"] = "c.lead_score",
        ["last_interaction"] = "c.last_interaction",
    };

    private const string Columns = "c.id, c.first_name, c.last_name, c.first_name || ' ' || c.last_name, c.email, c.phone, c.company, "
        + "c.job_title, c.linkedin_url, c.bio, c.avatar_url, c.contact_type, c.status, c.priority, c.business_type, c.network_type, "
        + "c.industry, c.notes, c.metadata, c.lead_score, c.last_interaction, c.created_by, c.updated_by, c.created_at, c.updated_at";

    private const string Tags = """
        (
            SELECT COALESCE(string_agg(t0.name, E'\x1F'), '')
            FROM contact_tags AS c0
            INNER JOIN (SELECT t.id, t.name FROM tags AS t WHERE t.organization_id = @org) AS t0 ON c0.tag_id = t0.id
            WHERE c0.organization_id = @org AND c0.contact_id = c.id
            GROUP BY c0.contact_id
            LIMIT 1)
        """;

    private readonly NpgsqlConnection _connection;
    private readonly Guid _organizationId;
    private readonly ContactFilterValues _values;
    private readonly string _where;
    private readonly string _orderBy;

    public ContactListSql(PlugsDbContext db, ContactFilterValues values, IReadOnlyList<string> sortKeys)
    {
        _connection = (NpgsqlConnection)db.Database.GetDbConnection();
        _organizationId = db.CurrentOrganizationId ?? throw new InvalidOperationException("The contact list needs a tenant.");
        _values = values;
        _where = Where(values);
        _orderBy = OrderBy(sortKeys);
    }

    public async Task<int> CountAsync(CancellationToken ct)
    {
        await using var command = Command($"SELECT count(*)::int FROM contacts AS c WHERE {_where}");
        return (int)(await command.ExecuteScalarAsync(ct))!;
    }

    public async IAsyncEnumerable<ContactResponse> RowsAsync(int skip, int take, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var command = Command($"SELECT {Columns}, {Tags} AS tags FROM contacts AS c WHERE {_where} ORDER BY {_orderBy} LIMIT @limit OFFSET @offset");
        command.Parameters.Add(new NpgsqlParameter<int>("limit", take));
        command.Parameters.Add(new NpgsqlParameter<int>("offset", skip));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return Read(reader);
        }
    }

    private static ContactResponse Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), Text(r, 4), Text(r, 5), Text(r, 6),
        Text(r, 7), Text(r, 8), Text(r, 9), Text(r, 10), EnumNames.Parse<ContactType>(r.GetString(11)),
        EnumNames.Parse<ContactStatus>(r.GetString(12)), EnumNames.Parse<ContactPriority>(r.GetString(13)),
        Text(r, 14), Text(r, 15), Text(r, 16), Text(r, 17), Platform.Json.JsonColumn.Read(r.GetString(18)), r.GetInt32(19),
        r.IsDBNull(20) ? null : r.GetDateTime(20), ContactResponse.SplitTags(Text(r, 25)),
        r.IsDBNull(21) ? null : r.GetGuid(21), r.IsDBNull(22) ? null : r.GetGuid(22), r.GetDateTime(23), r.GetDateTime(24));

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A command on the request's connection with the tenant and every filter that is set as parameters.</summary>
    private NpgsqlCommand Command(string sql)
    {
        var command = new NpgsqlCommand(sql, _connection);
        var v = _values;
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<Guid>("org", _organizationId));
        if (v.Type is { } type) p.Add(new NpgsqlParameter<string>("type", EnumNames.Of(type)));
        if (v.Status is { } status) p.Add(new NpgsqlParameter<string>("status", EnumNames.Of(status)));
        if (v.Priority is { } priority) p.Add(new NpgsqlParameter<string>("priority", EnumNames.Of(priority)));
        if (v.Industry is { } industry) p.Add(new NpgsqlParameter<string>("industry", industry));
        if (v.BusinessType is { } businessType) p.Add(new NpgsqlParameter<string>("business_type", businessType));
        if (v.NetworkType is { } networkType) p.Add(new NpgsqlParameter<string>("network_type", networkType));
        if (v.Tag is { } tag) p.Add(new NpgsqlParameter<string>("tag", tag));
        if (v.CreatedBy is { } createdBy) p.Add(new NpgsqlParameter<Guid>("created_by", createdBy));
        if (v.MinLeadScore is { } min) p.Add(new NpgsqlParameter<int>("min_score", min));
        if (v.MaxLeadScore is { } max) p.Add(new NpgsqlParameter<int>("max_score", max));
        if (v.LastInteractionAfter is { } after) p.Add(new NpgsqlParameter<DateTime>("after", after));
        if (v.LastInteractionBefore is { } before) p.Add(new NpgsqlParameter<DateTime>("before", before));
        if (v.Ids is { } ids) p.Add(new NpgsqlParameter<Guid[]>("ids", ids));
        return command;
    }

    /// <summary>The tenant, not deleted, and a term per filter that is set (as EF leaves the others out).</summary>
    internal static string Where(ContactFilterValues v)
    {
        var sql = new StringBuilder("c.organization_id = @org AND NOT (c.is_deleted)");
        if (v.Type is not null) sql.Append(" AND c.contact_type = @type");
        if (v.Status is not null) sql.Append(" AND c.status = @status");
        if (v.Priority is not null) sql.Append(" AND c.priority = @priority");
        if (v.Industry is not null) sql.Append(" AND c.industry = @industry");
        if (v.BusinessType is not null) sql.Append(" AND c.business_type = @business_type");
        if (v.NetworkType is not null) sql.Append(" AND c.network_type = @network_type");
        if (v.Tag is not null)
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM contact_tags AS c1 WHERE c1.organization_id = @org AND c1.contact_id = c.id")
                .Append(" AND EXISTS (SELECT 1 FROM tags AS t1 WHERE t1.organization_id = @org AND t1.id = c1.tag_id AND t1.name = @tag))");
        }
        if (v.CreatedBy is not null) sql.Append(" AND c.created_by = @created_by");
        if (v.MinLeadScore is not null) sql.Append(" AND c.lead_score >= @min_score");
        if (v.MaxLeadScore is not null) sql.Append(" AND c.lead_score <= @max_score");
        if (v.LastInteractionAfter is not null) sql.Append(" AND c.last_interaction >= @after");
        if (v.LastInteractionBefore is not null) sql.Append(" AND c.last_interaction < @before");
        if (v.Ids is not null) sql.Append(" AND c.id = ANY (@ids)");
        return sql.ToString();
    }

    /// <summary>As <see cref="Platform.Http.SortQuery.OrderByKeys"/>: the keys, then the id in the last key's direction.</summary>
    private static string OrderBy(IReadOnlyList<string> keys)
    {
        var sql = new StringBuilder();
        var descending = false;
        foreach (var key in keys)
        {
            descending = key.StartsWith('-');
            sql.Append(SortColumns[key.TrimStart('-')]).Append(descending ? " DESC, " : ", ");
        }
        return sql.Append(descending ? "c.id DESC" : "c.id").ToString();
    }
}
