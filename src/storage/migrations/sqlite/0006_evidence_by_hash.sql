-- `evidence get HASH` finds the recommendations whose progress reports or
-- closings carry a file by its hash, not by reading every record.
CREATE INDEX report_evidence_sha256 ON report_evidence (sha256);
CREATE INDEX closing_evidence_sha256 ON closing_evidence (sha256);
