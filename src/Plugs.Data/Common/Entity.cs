namespace Plugs.Data.Common;

/// <summary>
/// Base of every table: an application-generated, time-ordered UUID (v7), assigned when the
/// object is made so that new rows can reference each other before saving, and the two
/// timestamps, stamped by <see cref="AuditStampInterceptor"/>. None of them is ever a client's.
/// </summary>
public abstract class Entity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A row that belongs to one organization; filtered by tenant in EF and by RLS in PostgreSQL.</summary>
public interface ITenantOwned
{
    Guid OrganizationId { get; set; }
}

/// <summary>A row that is hidden, not removed, when deleted.</summary>
public interface ISoftDeletable
{
    bool IsDeleted { get; set; }
    DateTime? DeletedAt { get; set; }
}

/// <summary>A row that records which user created and last changed it.</summary>
public interface IUserStamped
{
    Guid? CreatedBy { get; set; }
    Guid? UpdatedBy { get; set; }
}

/// <summary>A tenant table with soft delete: the shape of nearly every domain table.</summary>
public abstract class TenantEntity : Entity, ITenantOwned, ISoftDeletable
{
    public Guid OrganizationId { get; set; }
    public bool IsDeleted { get; set; }
    public DateTime? DeletedAt { get; set; }
}
