-- Recommendations are written in bulk, so their rows and indexes are kept lean:
-- * `title` gets a column (the search filters on it), the text fields that have a column
--   of their own are no longer repeated in `record`, and `record` becomes `json`
--   (validated text), which costs the server far less to write than `jsonb`. Reads put
--   the record back together.
-- * Lists by savings over several statuses (or all) now read the status index once per
--   status and merge, so the index ordered by savings alone goes.
DROP INDEX "finops"."recommendations_tenant_savings_idx";--> statement-breakpoint
-- One ALTER rewrites the table once; its USING expressions read the old row.
ALTER TABLE "finops"."recommendations" ADD COLUMN "title" text;--> statement-breakpoint
ALTER TABLE "finops"."recommendations"
  ALTER COLUMN "title" SET DATA TYPE text USING coalesce("record"->>'title', ''),
  ALTER COLUMN "title" SET NOT NULL,
  ALTER COLUMN "record" SET DATA TYPE json USING
    ("record" - ARRAY['id', 'key', 'status', 'kind', 'executionMode', 'service', 'resourceId', 'title']::text[])::json;
