-- No deduplication in the indexes of recommendations whose keys are unique: the primary
-- key, the key, and (tenant, status, savings, id), which ends in the id. Their only
-- duplicates are row versions left by updates. Bottom-up deletion (which does not depend
-- on this setting) removes those once no transaction can see them; while one still can,
-- as within a bulk update, deduplication only merged them at a cost, on every full page,
-- before the page split anyway. Without it an update of a recommendation's status costs
-- the server about a tenth less. The index on (tenant, resource) keeps deduplication:
-- a resource has several recommendations. Indexes built before this keep their
-- merged entries; new entries are not merged.
ALTER INDEX "finops"."recommendations_pkey" SET (deduplicate_items = off);
--> statement-breakpoint
ALTER INDEX "finops"."recommendations_tenant_key_unique" SET (deduplicate_items = off);
--> statement-breakpoint
ALTER INDEX "finops"."recommendations_tenant_status_savings_idx" SET (deduplicate_items = off);
