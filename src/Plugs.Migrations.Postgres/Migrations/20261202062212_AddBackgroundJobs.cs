using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Plugs.Data.Jobs;

#nullable disable

namespace Plugs.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddBackgroundJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "job_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "uuid_generate_v4()"),
                    job_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    scheduled_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    duration_ms = table.Column<long>(type: "bigint", nullable: false),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    summary = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    instance_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_job_runs", x => x.id);
                    table.CheckConstraint("job_runs_outcome_check", "outcome IN ('succeeded', 'failed')");
                });

            migrationBuilder.CreateIndex(
                name: "idx_job_runs_job_started",
                table: "job_runs",
                columns: new[] { "job_name", "started_at" });

            // Quartz.NET's clustered job store (not tenant tables: no RLS) and the organization list
            // the maintenance jobs walk (docs/architecture.md, "Background jobs").
            migrationBuilder.CreateQuartzTables();
            migrationBuilder.CreateOrganizationDirectory();
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropOrganizationDirectory();
            migrationBuilder.DropQuartzTables();
            migrationBuilder.DropTable(
                name: "job_runs");
        }
    }
}
