-- Audit: who recorded each source, claim, assertion and adjudication (the caller's principal name, 'anonymous'
-- when the service runs without auth). Rows stored before were written by callers nobody authenticated.
-- An adjudication may also say why it was decided. Numbered as the SQL Server migration that makes the same change.
ALTER TABLE sources ADD COLUMN recorded_by TEXT NOT NULL DEFAULT 'anonymous';
ALTER TABLE claims ADD COLUMN recorded_by TEXT NOT NULL DEFAULT 'anonymous';
ALTER TABLE assertions ADD COLUMN recorded_by TEXT NOT NULL DEFAULT 'anonymous';
ALTER TABLE adjudications ADD COLUMN recorded_by TEXT NOT NULL DEFAULT 'anonymous';
ALTER TABLE adjudications ADD COLUMN rationale TEXT NULL;
