CREATE SCHEMA "finops";
--> statement-breakpoint
CREATE TABLE "finops"."ai_history" (
	"seq" bigserial NOT NULL,
	"tenant_id" text COLLATE "C" NOT NULL,
	"id" text COLLATE "C" NOT NULL,
	"kind" text NOT NULL,
	"model" text NOT NULL,
	"recommendation_id" text COLLATE "C",
	"created_at" timestamp with time zone NOT NULL,
	"record" jsonb NOT NULL,
	CONSTRAINT "ai_history_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "finops"."approvals" (
	"tenant_id" text COLLATE "C" NOT NULL,
	"id" text COLLATE "C" NOT NULL,
	"recommendation_id" text COLLATE "C" NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"record" jsonb NOT NULL,
	CONSTRAINT "approvals_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "approvals_status_check" CHECK ("finops"."approvals"."status" in ('pending', 'approved', 'rejected', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "finops"."audit_events" (
	"seq" bigserial NOT NULL,
	"tenant_id" text COLLATE "C" NOT NULL,
	"id" text COLLATE "C" NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"action" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text COLLATE "C" NOT NULL,
	"actor_id" text NOT NULL,
	"record" jsonb NOT NULL,
	CONSTRAINT "audit_events_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "finops"."config" (
	"tenant_id" text COLLATE "C" NOT NULL,
	"key" text COLLATE "C" NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "config_pkey" PRIMARY KEY("tenant_id","key")
);
--> statement-breakpoint
CREATE TABLE "finops"."executions" (
	"tenant_id" text COLLATE "C" NOT NULL,
	"id" text COLLATE "C" NOT NULL,
	"recommendation_id" text COLLATE "C" NOT NULL,
	"idempotency_key" text COLLATE "C" NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"record" jsonb NOT NULL,
	CONSTRAINT "executions_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "finops"."metric_summaries" (
	"tenant_id" text COLLATE "C" NOT NULL,
	"resource_id" text COLLATE "C" NOT NULL,
	"metric" text COLLATE "C" NOT NULL,
	"record" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metric_summaries_pkey" PRIMARY KEY("tenant_id","resource_id","metric")
);
--> statement-breakpoint
CREATE TABLE "finops"."recommendations" (
	"tenant_id" text COLLATE "C" NOT NULL,
	"id" text COLLATE "C" NOT NULL,
	"key" text COLLATE "C" NOT NULL,
	"status" text NOT NULL,
	"kind" text NOT NULL,
	"execution_mode" text,
	"service" text NOT NULL,
	"resource_id" text COLLATE "C" NOT NULL,
	"estimated_monthly_savings" double precision NOT NULL,
	"confidence" double precision NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"record" jsonb NOT NULL,
	CONSTRAINT "recommendations_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "recommendations_confidence_check" CHECK ("finops"."recommendations"."confidence" >= 0 and "finops"."recommendations"."confidence" <= 1),
	CONSTRAINT "recommendations_execution_mode_check" CHECK ("finops"."recommendations"."execution_mode" is null or "finops"."recommendations"."execution_mode" in ('autonomous', 'hitl')),
	CONSTRAINT "recommendations_status_check" CHECK ("finops"."recommendations"."status" <> '')
);
--> statement-breakpoint
CREATE TABLE "finops"."refresh_tokens" (
	"tenant_id" text COLLATE "C" NOT NULL,
	"id" text COLLATE "C" NOT NULL,
	"user_id" text COLLATE "C" NOT NULL,
	"family_id" text COLLATE "C" NOT NULL,
	"parent_id" text COLLATE "C",
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"rotated_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	CONSTRAINT "refresh_tokens_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "refresh_tokens_expiry_check" CHECK ("finops"."refresh_tokens"."expires_at" > "finops"."refresh_tokens"."created_at")
);
--> statement-breakpoint
CREATE TABLE "finops"."resources" (
	"tenant_id" text COLLATE "C" NOT NULL,
	"id" text COLLATE "C" NOT NULL,
	"service" text NOT NULL,
	"kind" text NOT NULL,
	"record" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resources_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "finops"."tenants" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"record" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finops"."users" (
	"tenant_id" text COLLATE "C" NOT NULL,
	"id" text COLLATE "C" NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "users_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "users_role_check" CHECK ("finops"."users"."role" in ('admin', 'approver', 'viewer')),
	CONSTRAINT "users_email_check" CHECK ("finops"."users"."email" = lower("finops"."users"."email") and "finops"."users"."email" like '%@%')
);
--> statement-breakpoint
ALTER TABLE "finops"."ai_history" ADD CONSTRAINT "ai_history_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "finops"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finops"."approvals" ADD CONSTRAINT "approvals_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "finops"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finops"."audit_events" ADD CONSTRAINT "audit_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "finops"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finops"."config" ADD CONSTRAINT "config_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "finops"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finops"."executions" ADD CONSTRAINT "executions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "finops"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finops"."metric_summaries" ADD CONSTRAINT "metric_summaries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "finops"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finops"."recommendations" ADD CONSTRAINT "recommendations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "finops"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finops"."refresh_tokens" ADD CONSTRAINT "refresh_tokens_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "finops"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finops"."refresh_tokens" ADD CONSTRAINT "refresh_tokens_user_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "finops"."users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finops"."resources" ADD CONSTRAINT "resources_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "finops"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finops"."users" ADD CONSTRAINT "users_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "finops"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ai_history_tenant_created_idx" ON "finops"."ai_history" USING btree ("tenant_id","created_at" DESC NULLS LAST,"seq" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "ai_history_tenant_recommendation_idx" ON "finops"."ai_history" USING btree ("tenant_id","recommendation_id");--> statement-breakpoint
CREATE INDEX "approvals_tenant_recommendation_idx" ON "finops"."approvals" USING btree ("tenant_id","recommendation_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "approvals_tenant_created_idx" ON "finops"."approvals" USING btree ("tenant_id","created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_seq_unique" ON "finops"."audit_events" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "audit_events_tenant_at_idx" ON "finops"."audit_events" USING btree ("tenant_id","at" DESC NULLS LAST,"seq" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_events_tenant_subject_idx" ON "finops"."audit_events" USING btree ("tenant_id","subject_id","at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_events_tenant_action_idx" ON "finops"."audit_events" USING btree ("tenant_id","action","at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "executions_tenant_idempotency_key_unique" ON "finops"."executions" USING btree ("tenant_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "executions_tenant_recommendation_idx" ON "finops"."executions" USING btree ("tenant_id","recommendation_id","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "executions_tenant_started_idx" ON "finops"."executions" USING btree ("tenant_id","started_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE UNIQUE INDEX "recommendations_tenant_key_unique" ON "finops"."recommendations" USING btree ("tenant_id","key");--> statement-breakpoint
CREATE INDEX "recommendations_tenant_status_savings_idx" ON "finops"."recommendations" USING btree ("tenant_id","status","estimated_monthly_savings" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "recommendations_tenant_savings_idx" ON "finops"."recommendations" USING btree ("tenant_id","estimated_monthly_savings" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "recommendations_tenant_resource_idx" ON "finops"."recommendations" USING btree ("tenant_id","resource_id");--> statement-breakpoint
CREATE UNIQUE INDEX "refresh_tokens_tenant_hash_unique" ON "finops"."refresh_tokens" USING btree ("tenant_id","token_hash");--> statement-breakpoint
CREATE INDEX "refresh_tokens_tenant_family_idx" ON "finops"."refresh_tokens" USING btree ("tenant_id","family_id");--> statement-breakpoint
CREATE INDEX "refresh_tokens_tenant_user_idx" ON "finops"."refresh_tokens" USING btree ("tenant_id","user_id");--> statement-breakpoint
CREATE INDEX "resources_tenant_service_kind_idx" ON "finops"."resources" USING btree ("tenant_id","service","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "users_tenant_email_unique" ON "finops"."users" USING btree ("tenant_id","email");