-- Queries made for a municipality whose own caseload did not hold the citizen (issue 26): a new
-- dimension of the generic-report cube. Rows from before are queries without that knowledge
-- (false), so they keep their place in the key.

-- AlterTable
ALTER TABLE "query_usage" ADD COLUMN "not_on_caseload" BOOLEAN NOT NULL DEFAULT false;

-- AlterPrimaryKey
ALTER TABLE "query_usage" DROP CONSTRAINT "query_usage_pkey",
ADD CONSTRAINT "query_usage_pkey" PRIMARY KEY ("organisation_id", "month", "collaboration_id", "product", "search_key_type", "outside_office_hours", "whitelist_outcome", "escape_reason", "not_on_caseload");
