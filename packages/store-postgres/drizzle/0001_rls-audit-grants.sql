-- Row-level security: a second wall behind the tenant filter every query carries.
-- The store sets `finops.tenant_id` per transaction with set_config(..., true); without
-- it a role subject to RLS sees no tenant rows at all. FORCE makes the policies apply to
-- the tables' owner too (superusers and BYPASSRLS roles are exempt, as always).
DO $$
DECLARE
  table_name text;
BEGIN
  FOREACH table_name IN ARRAY ARRAY[
    'resources', 'metric_summaries', 'recommendations', 'approvals', 'executions',
    'audit_events', 'config', 'users', 'refresh_tokens', 'ai_history'
  ] LOOP
    EXECUTE format('ALTER TABLE finops.%I ENABLE ROW LEVEL SECURITY', table_name);
    EXECUTE format('ALTER TABLE finops.%I FORCE ROW LEVEL SECURITY', table_name);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON finops.%I FOR ALL '
      'USING (tenant_id = current_setting(''finops.tenant_id'', true)) '
      'WITH CHECK (tenant_id = current_setting(''finops.tenant_id'', true))',
      table_name
    );
  END LOOP;
END
$$;
--> statement-breakpoint
-- The audit log is append-only: no UPDATE or DELETE, whoever asks (the owner included).
CREATE FUNCTION finops.audit_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'finops.audit_events is append-only: % refused', TG_OP
    USING ERRCODE = 'FA001', HINT = 'Append a new audit event instead of changing or removing one.';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only
  BEFORE UPDATE OR DELETE ON finops.audit_events
  FOR EACH ROW EXECUTE FUNCTION finops.audit_events_append_only();
--> statement-breakpoint
-- `finops_app`: the role an application login should be granted. It may read and write
-- tenant data but never UPDATE, DELETE or TRUNCATE audit events. Creating it needs
-- CREATEROLE; without that the migration skips it and an administrator creates it later.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'finops_app') THEN
    BEGIN
      CREATE ROLE finops_app NOLOGIN;
    EXCEPTION
      WHEN duplicate_object OR unique_violation THEN NULL;
      WHEN insufficient_privilege THEN
        RAISE NOTICE 'finops_app not created (no CREATEROLE); grant privileges manually';
    END;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'finops_app') THEN
    GRANT USAGE ON SCHEMA finops TO finops_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA finops TO finops_app;
    REVOKE UPDATE, DELETE, TRUNCATE ON finops.audit_events FROM finops_app;
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA finops TO finops_app;
  END IF;
END
$$;
