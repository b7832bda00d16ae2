-- A check-in at the door can be undone: the status the person had before it is kept until then.
ALTER TABLE person ADD COLUMN status_before_checkin TEXT;
