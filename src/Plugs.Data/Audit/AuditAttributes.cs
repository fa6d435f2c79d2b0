namespace Plugs.Data.Audit;

/// <summary>
/// The property's values never reach the audit log: a change to it is recorded, its values as
/// <c>"[redacted]"</c>. Declare it on every hash, secret, token and credential; a test walks the
/// model and fails on a secret-looking property without it.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AuditRedactedAttribute : Attribute;

/// <summary>The entity's saves write no audit rows (bookkeeping that an audited action already records).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class NotAuditedAttribute(string reason) : Attribute
{
    public string Reason { get; } = reason;
}
