-- Bulk writes of recommendations cost the server less:
-- * `record` becomes text: the JSON the store wrote, no longer checked by the server on
--   every write (the store writes it from a value, and parses it on every read).
-- * `tenant_id` keeps pointing at `tenants`, through triggers instead of a foreign key.
--   The foreign key ran a query per inserted row; the trigger below checks and locks the
--   tenants of a whole statement at once. Both sides raise what the foreign key raised:
--   SQLSTATE 23503 and the constraint name `recommendations_tenant_id_tenants_id_fk`.
ALTER TABLE "finops"."recommendations" DROP CONSTRAINT "recommendations_tenant_id_tenants_id_fk";
--> statement-breakpoint
ALTER TABLE "finops"."recommendations" ALTER COLUMN "record" SET DATA TYPE text USING "record"::text;
--> statement-breakpoint
-- The tenants of the rows a statement inserted (or moved to another tenant) must exist.
-- They are locked FOR KEY SHARE, as the foreign key locks them, so that none can be
-- removed before the transaction ends. SECURITY DEFINER: the check runs with the table
-- owner's rights, as the foreign key's does, whoever writes.
CREATE FUNCTION finops.recommendations_tenants_exist() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  wanted text[];
  found integer;
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    SELECT array_agg(DISTINCT tenant_id) INTO wanted FROM new_rows;
  ELSE
    wanted := ARRAY[NEW.tenant_id];
  END IF;
  IF wanted IS NOT NULL THEN
    SELECT count(*) INTO found
      FROM (SELECT 1 FROM finops.tenants WHERE id = ANY (wanted) FOR KEY SHARE) locked;
    IF found < cardinality(wanted) THEN
      RAISE EXCEPTION 'insert or update on table "recommendations" violates foreign key constraint "recommendations_tenant_id_tenants_id_fk"'
        USING ERRCODE = 'foreign_key_violation', SCHEMA = 'finops', TABLE = 'recommendations',
              CONSTRAINT = 'recommendations_tenant_id_tenants_id_fk',
              DETAIL = 'Key (tenant_id) is not present in table "tenants".';
    END IF;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER recommendations_tenants_exist
  AFTER INSERT ON finops.recommendations
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION finops.recommendations_tenants_exist();
--> statement-breakpoint
-- An update that moves a row to another tenant is checked row by row; the WHEN clause
-- keeps every other update (and every upsert, which never sets tenant_id) free of it.
CREATE TRIGGER recommendations_tenant_moved
  AFTER UPDATE OF tenant_id ON finops.recommendations
  FOR EACH ROW WHEN (OLD.tenant_id IS DISTINCT FROM NEW.tenant_id)
  EXECUTE FUNCTION finops.recommendations_tenants_exist();
--> statement-breakpoint
-- A tenant that still has recommendations cannot be deleted or given another id. The
-- look-up sets finops.tenant_id to that tenant for its own duration (the function's SET
-- clause puts the caller's value back on exit), so that row-level security, which
-- applies to the owner too, shows it that tenant's rows.
CREATE FUNCTION finops.tenants_keep_recommendations() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET finops.tenant_id = '' AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.id = OLD.id THEN
    RETURN NEW;
  END IF;
  PERFORM set_config('finops.tenant_id', OLD.id, true);
  IF EXISTS (SELECT 1 FROM finops.recommendations WHERE tenant_id = OLD.id) THEN
    RAISE EXCEPTION 'update or delete on table "tenants" violates foreign key constraint "recommendations_tenant_id_tenants_id_fk" on table "recommendations"'
      USING ERRCODE = 'foreign_key_violation', SCHEMA = 'finops', TABLE = 'tenants',
            CONSTRAINT = 'recommendations_tenant_id_tenants_id_fk',
            DETAIL = format('Key (id)=(%s) is still referenced from table "recommendations".', OLD.id);
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER tenants_keep_recommendations
  BEFORE DELETE OR UPDATE OF id ON finops.tenants
  FOR EACH ROW EXECUTE FUNCTION finops.tenants_keep_recommendations();
