#!/usr/bin/env bash
# Adds a migration with the same name to both providers, so the two sets never drift.
# Usage: scripts/add-migration.sh AddContacts
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh MigrationName}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Postgres Sqlite; do
  project=src/Plugs.Migrations.$provider
  dotnet ef migrations add "$name" --project "$project" --startup-project "$project" --output-dir Migrations
done
echo "Added $name to both providers. PostgreSQL: add the table's RLS line (migrationBuilder.EnableTenantRowLevelSecurity) to Up and its Disable… to Down."
