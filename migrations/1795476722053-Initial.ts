import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795476722053 implements MigrationInterface {
  name = 'Initial1795476722053';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // hand-written: TypeORM cannot describe extensions or GIN operator classes
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await queryRunner.query("CREATE TABLE \"api_keys\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" character varying(200) NOT NULL, \"secret_hash\" bytea NOT NULL, \"scopes\" text array NOT NULL, \"organization_ids\" uuid array NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"last_used_at\" TIMESTAMP WITH TIME ZONE, \"revoked_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_5c8a79801b44bd27b79228e1dad\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"organizations\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" character varying(200) NOT NULL, \"slug\" character varying(100) NOT NULL, \"timezone\" character varying(64) NOT NULL DEFAULT 'UTC', \"handles\" jsonb NOT NULL DEFAULT '[]', \"keywords\" text array NOT NULL DEFAULT '{}', \"competitor_ids\" uuid array NOT NULL DEFAULT '{}', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_6b031fcd0863e3f6b44230163f9\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_organizations_slug\" ON \"organizations\" (\"slug\") ");
    await queryRunner.query("CREATE TABLE \"incidents\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"title\" character varying(200) NOT NULL, \"description\" text, \"severity\" character varying(16) NOT NULL DEFAULT 'MEDIUM', \"crisis_type\" character varying(16) NOT NULL DEFAULT 'UNKNOWN', \"phase\" character varying(16) NOT NULL DEFAULT 'RESPONSE', \"status\" character varying(16) NOT NULL DEFAULT 'OPEN', \"started_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"detected_at\" TIMESTAMP WITH TIME ZONE, \"first_response_at\" TIMESTAMP WITH TIME ZONE, \"first_response_manual\" boolean NOT NULL DEFAULT false, \"resolved_at\" TIMESTAMP WITH TIME ZONE, \"keywords\" text array NOT NULL DEFAULT '{}', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"ck_incidents_resolved_after_start\" CHECK (resolved_at IS NULL OR resolved_at >= started_at), CONSTRAINT \"PK_f980cb1925bf65e37666327299d\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_incidents_org_started\" ON \"incidents\" (\"organization_id\", \"started_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"ix_incidents_id\" ON \"incidents\" (\"id\") ");
    await queryRunner.query("CREATE TABLE \"influencers\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"platform\" character varying(16) NOT NULL, \"handle\" character varying(256) NOT NULL, \"handle_key\" character varying(256) NOT NULL, \"display_name\" character varying(256), \"followers\" integer NOT NULL DEFAULT '0', \"verified\" boolean NOT NULL DEFAULT false, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_a5bbdc11f7898f2a695208b337a\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_influencers_platform_handle\" ON \"influencers\" (\"platform\", \"handle_key\") ");
    await queryRunner.query("CREATE TABLE \"mentions\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"incident_id\" uuid, \"platform\" character varying(16) NOT NULL, \"external_id\" character varying(256) NOT NULL, \"url\" text, \"author_id\" uuid NOT NULL, \"text\" text NOT NULL, \"language\" character varying(16), \"posted_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"sentiment\" double precision NOT NULL, \"sentiment_label\" character varying(8) NOT NULL, \"sentiment_source\" character varying(8) NOT NULL, \"reach\" integer NOT NULL DEFAULT '0', \"likes\" integer NOT NULL DEFAULT '0', \"shares\" integer NOT NULL DEFAULT '0', \"comments\" integer NOT NULL DEFAULT '0', \"engagement\" integer NOT NULL DEFAULT '0', \"owned\" boolean NOT NULL DEFAULT false, \"in_reply_to_external_id\" character varying(256), \"shared_from_external_id\" character varying(256), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"ck_mentions_engagement_sum\" CHECK (engagement = likes + shares + comments), CONSTRAINT \"ck_mentions_counts_non_negative\" CHECK (reach >= 0 AND likes >= 0 AND shares >= 0 AND comments >= 0), CONSTRAINT \"ck_mentions_sentiment_range\" CHECK (sentiment >= -1 AND sentiment <= 1), CONSTRAINT \"PK_850b7bf84a2d454f0bb6b7c0232\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_mentions_author_posted\" ON \"mentions\" (\"author_id\", \"posted_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"ix_mentions_incident_posted\" ON \"mentions\" (\"incident_id\", \"posted_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"ix_mentions_org_sentiment\" ON \"mentions\" (\"organization_id\", \"sentiment\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"ix_mentions_org_engagement\" ON \"mentions\" (\"organization_id\", \"engagement\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"ix_mentions_org_reach\" ON \"mentions\" (\"organization_id\", \"reach\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"ix_mentions_org_posted\" ON \"mentions\" (\"organization_id\", \"posted_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"ix_mentions_id\" ON \"mentions\" (\"id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_mentions_identity\" ON \"mentions\" (\"organization_id\", \"platform\", \"external_id\") ");
    await queryRunner.query('CREATE INDEX "ix_mentions_text_trgm" ON "mentions" USING gin ("text" gin_trgm_ops)');
    await queryRunner.query("CREATE TABLE \"metric_observations\" (\"organization_id\" uuid NOT NULL, \"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"key\" character varying(64) NOT NULL, \"value\" double precision NOT NULL, \"observed_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"incident_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_93a5e4d5db767b9fad840dadee9\" PRIMARY KEY (\"organization_id\", \"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_metric_observations_identity\" ON \"metric_observations\" (\"organization_id\", \"key\", \"observed_at\") ");
    await queryRunner.query("CREATE TABLE \"organization_influencers\" (\"organization_id\" uuid NOT NULL, \"influencer_id\" uuid NOT NULL, \"mention_count\" integer NOT NULL DEFAULT '0', \"first_seen_at\" TIMESTAMP WITH TIME ZONE, \"last_seen_at\" TIMESTAMP WITH TIME ZONE, \"tracked\" boolean NOT NULL DEFAULT false, \"note\" text, \"tracked_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_a77de729282b037571bf8ba7aa7\" PRIMARY KEY (\"organization_id\", \"influencer_id\"))");
    await queryRunner.query("CREATE INDEX \"ix_organization_influencers_influencer\" ON \"organization_influencers\" (\"influencer_id\") ");
    await queryRunner.query("ALTER TABLE \"incidents\" ADD CONSTRAINT \"FK_fbabc7192bfdb38bb6c2d0f7775\" FOREIGN KEY (\"organization_id\") REFERENCES \"organizations\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"mentions\" ADD CONSTRAINT \"FK_de18794eef37c3a1812454b81a2\" FOREIGN KEY (\"organization_id\") REFERENCES \"organizations\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"mentions\" ADD CONSTRAINT \"FK_d85757e0c2cd3ae373857bb7786\" FOREIGN KEY (\"organization_id\", \"incident_id\") REFERENCES \"incidents\"(\"organization_id\",\"id\") ON DELETE NO ACTION ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"mentions\" ADD CONSTRAINT \"FK_f35f6c597e232df43eecd3d6169\" FOREIGN KEY (\"author_id\") REFERENCES \"influencers\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"metric_observations\" ADD CONSTRAINT \"FK_1493b43e47062cf0140837e5f8a\" FOREIGN KEY (\"organization_id\") REFERENCES \"organizations\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"organization_influencers\" ADD CONSTRAINT \"FK_8c70403c77b42cd7381f70df6e9\" FOREIGN KEY (\"organization_id\") REFERENCES \"organizations\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"organization_influencers\" ADD CONSTRAINT \"FK_303f8dcc085b1c42912b321d1e2\" FOREIGN KEY (\"influencer_id\") REFERENCES \"influencers\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"organization_influencers\" DROP CONSTRAINT \"FK_303f8dcc085b1c42912b321d1e2\"");
    await queryRunner.query("ALTER TABLE \"organization_influencers\" DROP CONSTRAINT \"FK_8c70403c77b42cd7381f70df6e9\"");
    await queryRunner.query("ALTER TABLE \"metric_observations\" DROP CONSTRAINT \"FK_1493b43e47062cf0140837e5f8a\"");
    await queryRunner.query("ALTER TABLE \"mentions\" DROP CONSTRAINT \"FK_f35f6c597e232df43eecd3d6169\"");
    await queryRunner.query("ALTER TABLE \"mentions\" DROP CONSTRAINT \"FK_d85757e0c2cd3ae373857bb7786\"");
    await queryRunner.query("ALTER TABLE \"mentions\" DROP CONSTRAINT \"FK_de18794eef37c3a1812454b81a2\"");
    await queryRunner.query("ALTER TABLE \"incidents\" DROP CONSTRAINT \"FK_fbabc7192bfdb38bb6c2d0f7775\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_organization_influencers_influencer\"");
    await queryRunner.query("DROP TABLE \"organization_influencers\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_metric_observations_identity\"");
    await queryRunner.query("DROP TABLE \"metric_observations\"");
    await queryRunner.query('DROP INDEX "public"."ix_mentions_text_trgm"');
    await queryRunner.query("DROP INDEX \"public\".\"uq_mentions_identity\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_mentions_id\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_mentions_org_posted\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_mentions_org_reach\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_mentions_org_engagement\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_mentions_org_sentiment\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_mentions_incident_posted\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_mentions_author_posted\"");
    await queryRunner.query("DROP TABLE \"mentions\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_influencers_platform_handle\"");
    await queryRunner.query("DROP TABLE \"influencers\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_incidents_id\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_incidents_org_started\"");
    await queryRunner.query("DROP TABLE \"incidents\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_organizations_slug\"");
    await queryRunner.query("DROP TABLE \"organizations\"");
    await queryRunner.query("DROP TABLE \"api_keys\"");
  }
}
