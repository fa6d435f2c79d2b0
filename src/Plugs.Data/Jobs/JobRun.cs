using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plugs.Data.Common;

namespace Plugs.Data.Jobs;

/// <summary>
/// One run of a recurring job (Platform/Jobs), written when the run ends, on whichever instance ran
/// it. Not a tenant table: it holds job names, times, an outcome and a summary of counts — never
/// tenant data — and admins of every organization read it (<c>GET /admin/jobs</c>).
/// </summary>
public sealed class JobRun : Entity
{
    public required string JobName { get; set; }
    /// <summary>The fire time the scheduler ran it for: in a cluster each scheduled time runs once, on one instance.</summary>
    public DateTime ScheduledAt { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime FinishedAt { get; set; }
    public long DurationMs { get; set; }
    /// <summary><see cref="Succeeded"/> or <see cref="Failed"/>.</summary>
    public required string Outcome { get; set; }
    /// <summary>What the job reports it did (counts), or null.</summary>
    public string? Summary { get; set; }
    /// <summary>The failure's exception type and message, cut to 500 characters; never a connection string or a row.</summary>
    public string? Error { get; set; }
    /// <summary>The Quartz instance that ran it.</summary>
    public required string InstanceName { get; set; }

    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> b)
    {
        b.ToTable("job_runs", t => t.HasCheckConstraint("job_runs_outcome_check", $"outcome IN ('{JobRun.Succeeded}', '{JobRun.Failed}')"));
        b.HasGuideDefaults();
        b.Property(x => x.JobName).HasMaxLength(100);
        b.Property(x => x.Outcome).HasMaxLength(20);
        b.Property(x => x.Summary).HasMaxLength(500);
        b.Property(x => x.Error).HasMaxLength(500);
        b.Property(x => x.InstanceName).HasMaxLength(200);
        b.HasIndex(x => new { x.JobName, x.StartedAt }, "idx_job_runs_job_started").HasDatabaseName("idx_job_runs_job_started");
    }
}
