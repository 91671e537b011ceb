-- Why an `excused` evaluation was not judged: the maintenance window (`maintenance #12: reason`)
-- or the contract term that excused it. Reports exclude excused evaluations from attainment and
-- must be able to say which window excused them. NULL for every other status.
ALTER TABLE sla.evaluations ADD COLUMN excuse text;
ALTER TABLE sla.evaluations ADD CONSTRAINT evaluations_excuse_only_when_excused
    CHECK (excuse IS NULL OR status = 'excused');
