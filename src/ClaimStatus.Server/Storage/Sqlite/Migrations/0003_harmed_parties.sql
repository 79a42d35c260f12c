-- Admissions against interest: the parties a claim would harm if true (a subset of parties_json), as a JSON
-- array like parties_json. Claims stored before have none: every party's word stays discounted, as it was.
-- Numbered as the SQL Server migration that makes the same change.
ALTER TABLE claims ADD COLUMN harmed_parties_json TEXT NOT NULL DEFAULT '[]';
